package io.github.camelwolkvox.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.csv.CSVFormat;

/**
 * How a spreadsheet export is written: its character set (UTF-8 with or without a byte-order mark,
 * else Windows-1252, the encoding Excel uses for "CSV" on Spanish/Latin American Windows) and its
 * delimiter ({@code ,} {@code ;} or tab, whichever the header line holds most of).
 */
public record CsvDialect(Charset charset, boolean bom, char delimiter) {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final char[] DELIMITERS = {',', ';', '\t'};
    private static final int CHUNK = 64 * 1024;

    /** Reads the file once, in chunks: valid UTF-8 all through, or Windows-1252. */
    public static CsvDialect detect(Path file) throws IOException {
        boolean bom;
        boolean utf8;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(UTF8_BOM.length);
            bom = head.length == UTF8_BOM.length && head[0] == UTF8_BOM[0] && head[1] == UTF8_BOM[1] && head[2] == UTF8_BOM[2];
            utf8 = isUtf8(bom ? new byte[0] : head, in);
        }
        Charset charset = bom || utf8 ? StandardCharsets.UTF_8 : WINDOWS_1252;
        return new CsvDialect(charset, bom, delimiterOf(headerLine(file, charset, bom)));
    }

    private static boolean isUtf8(byte[] head, InputStream rest) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK + head.length);
        bytes.put(head);
        CharBuffer chars = CharBuffer.allocate(CHUNK);
        byte[] chunk = new byte[CHUNK];
        int n;
        boolean eof = false;
        while (!eof) {
            n = rest.read(chunk, 0, Math.min(chunk.length, bytes.remaining()));
            eof = n < 0;
            if (n > 0) {
                bytes.put(chunk, 0, n);
            }
            bytes.flip();
            CoderResult result = decoder.decode(bytes, chars, eof);
            if (result.isError()) {
                return false;
            }
            chars.clear();
            bytes.compact();
        }
        return !decoder.flush(chars).isError();
    }

    private static String headerLine(Path file, Charset charset, boolean bom) throws IOException {
        try (Reader reader = open(file, charset, bom)) {
            StringBuilder line = new StringBuilder();
            int c;
            // A header never holds line breaks; stop at the first, or after a sane length.
            while ((c = reader.read()) >= 0 && c != '\n' && c != '\r' && line.length() < CHUNK) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    /** The delimiter that occurs most often outside quotes; a one-column header means comma. */
    static char delimiterOf(String header) {
        int[] counts = new int[DELIMITERS.length];
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            for (int d = 0; d < DELIMITERS.length && !quoted; d++) {
                if (c == DELIMITERS[d]) {
                    counts[d]++;
                }
            }
        }
        int best = 0;
        for (int d = 1; d < DELIMITERS.length; d++) {
            if (counts[d] > counts[best]) {
                best = d;
            }
        }
        return DELIMITERS[best];
    }

    /** A reader over the file's text, past any byte-order mark. */
    public Reader open(Path file) throws IOException {
        return open(file, charset, bom);
    }

    private static Reader open(Path file, Charset charset, boolean bom) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (bom) {
            in.skipNBytes(UTF8_BOM.length);
        }
        return new InputStreamReader(in, charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE));
    }

    /**
     * RFC 4180 with this delimiter: quoted fields may hold delimiters, doubled quotes and line
     * breaks. Empty lines come through as records so every record's first line can be counted.
     */
    public CSVFormat format() {
        return CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
    }

    /** For the log and the result file: "UTF-8 (BOM), ';'". */
    public String describe() {
        String d = delimiter == '\t' ? "tab" : "'" + delimiter + "'";
        return charset.name() + (bom ? " (BOM)" : "") + ", " + d;
    }
}
