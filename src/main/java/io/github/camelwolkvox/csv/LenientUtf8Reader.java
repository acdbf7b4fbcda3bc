package io.github.camelwolkvox.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.BitSet;

/**
 * Decodes a file byte sequence by byte sequence: a valid UTF-8 sequence as UTF-8, any other byte
 * as Windows-1252. A file pasted together from a UTF-8 export and an Excel "CSV" (Windows-1252)
 * keeps every accent of both parts; decoding the whole file one way garbles the other part. A
 * leading UTF-8 byte-order mark is skipped. Records which lines needed the fallback.
 */
final class LenientUtf8Reader extends Reader {

    private static final char[] WINDOWS_1252_HIGH = new String(highBytes(), CsvDialect.WINDOWS_1252).toCharArray();

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    /** The low surrogate of a 4-byte sequence, returned by the next read. */
    private char pendingLow;
    private final LineCounter lines = new LineCounter();
    private final BitSet fallbackLines = new BitSet();
    private long fallbackBytes;
    private long utf8Sequences;

    LenientUtf8Reader(InputStream in) {
        this.in = in;
    }

    private static byte[] highBytes() {
        byte[] b = new byte[128];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0x80 + i);
        }
        return b;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!started) {
            started = true;
            skipByteOrderMark();
        }
        int n = 0;
        while (n < len) {
            if (pendingLow != 0) {
                cbuf[off + n++] = pendingLow;
                pendingLow = 0;
                continue;
            }
            if (limit - pos < 4 && !eof) {
                fill();
            }
            if (pos >= limit) {
                break;
            }
            char c = decodeOne();
            lines.accept(c);
            cbuf[off + n++] = c;
        }
        return n == 0 ? -1 : n;
    }

    private void skipByteOrderMark() throws IOException {
        fill();
        if (limit - pos >= 3 && (buf[pos] & 0xFF) == 0xEF && (buf[pos + 1] & 0xFF) == 0xBB && (buf[pos + 2] & 0xFF) == 0xBF) {
            pos += 3;
        }
    }

    /** Tops the buffer up to at least 4 bytes (one sequence) unless the stream ends first. */
    private void fill() throws IOException {
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
        while (limit < 4 && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
    }

    private char decodeOne() {
        int b0 = buf[pos] & 0xFF;
        if (b0 < 0x80) {
            pos++;
            return (char) b0;
        }
        int length = b0 >= 0xC2 && b0 <= 0xDF ? 2 : b0 >= 0xE0 && b0 <= 0xEF ? 3 : b0 >= 0xF0 && b0 <= 0xF4 ? 4 : 0;
        if (length > 0 && limit - pos >= length && validSequence(b0, length)) {
            int cp = b0 & (0xFF >> (length + 1));
            for (int i = 1; i < length; i++) {
                cp = (cp << 6) | (buf[pos + i] & 0x3F);
            }
            pos += length;
            utf8Sequences++;
            if (cp > 0xFFFF) {
                pendingLow = Character.lowSurrogate(cp);
                return Character.highSurrogate(cp);
            }
            return (char) cp;
        }
        pos++;
        fallbackBytes++;
        fallbackLines.set((int) Math.min(lines.line(), Integer.MAX_VALUE));
        return WINDOWS_1252_HIGH[b0 - 0x80];
    }

    /** Continuation bytes present, and no overlong form, surrogate or code point above U+10FFFF. */
    private boolean validSequence(int b0, int length) {
        int b1 = buf[pos + 1] & 0xFF;
        int low = b0 == 0xE0 ? 0xA0 : b0 == 0xF0 ? 0x90 : 0x80;
        int high = b0 == 0xED ? 0x9F : b0 == 0xF4 ? 0x8F : 0xBF;
        if (b1 < low || b1 > high) {
            return false;
        }
        for (int i = 2; i < length; i++) {
            if ((buf[pos + i] & 0xC0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Whether a byte on one of the lines from..to (inclusive) was read as Windows-1252. */
    boolean fellBack(long from, long to) {
        int next = fallbackLines.nextSetBit((int) Math.min(from, Integer.MAX_VALUE));
        return next >= 0 && next <= to;
    }

    /** Forgets the fallback lines before this one (the rows there are done). */
    void forgetBefore(long line) {
        fallbackLines.clear(0, (int) Math.min(line, Integer.MAX_VALUE));
    }

    long fallbackBytes() {
        return fallbackBytes;
    }

    long utf8Sequences() {
        return utf8Sequences;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
