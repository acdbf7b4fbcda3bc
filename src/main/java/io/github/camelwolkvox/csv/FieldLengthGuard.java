package io.github.camelwolkvox.csv;

import java.io.IOException;
import java.io.Reader;

/**
 * Stops the text at the first field longer than the limit, before the CSV parser sees it: without
 * it an unclosed quote makes the rest of the file one field, held in memory whole (a large file
 * exhausts the heap) and swallowing every row after it. Follows the RFC 4180 lexing Commons CSV
 * uses (a quote opens a field only at its start; a doubled quote inside one is a quote), so it
 * can name the line where the runaway quote opened. Everything before the field is passed on
 * first, so the rows before it are still read.
 */
final class FieldLengthGuard extends Reader {

    /** More fields than any header has means a file of delimiters, not activity codes. */
    static final int MAX_FIELDS = 1024;

    private final Reader in;
    private final char delimiter;
    private final int maxLength;
    private final LineCounter lines = new LineCounter();
    private boolean fieldStart = true;
    private boolean quoted;
    /** In a quoted field, just after a quote: the next quote is an escaped one, anything else ends the quoting. */
    private boolean quoteMaybeClosed;
    private int length;
    private int fields;
    private long quoteLine;
    private IOException stopped;

    FieldLengthGuard(Reader in, char delimiter, int maxLength) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxLength = maxLength;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (stopped != null) {
            throw stopped;
        }
        int n = in.read(cbuf, off, len);
        if (n < 0) {
            if (quoted && !quoteMaybeClosed) {
                stopped = new IOException("the quote opened on line " + quoteLine + " is never closed");
                throw stopped;
            }
            return n;
        }
        for (int i = 0; i < n; i++) {
            if (!accept(cbuf[off + i])) {
                stopped = new IOException(fields > MAX_FIELDS
                        ? "line " + lines.line() + " has more than " + MAX_FIELDS + " fields"
                        : quoted && !quoteMaybeClosed
                        ? "the quote opened on line " + quoteLine + " is not closed within " + maxLength
                                + " characters (wolkvox.activity-codes.max-field-length)"
                        : "a field on line " + lines.line() + " is longer than " + maxLength
                                + " characters (wolkvox.activity-codes.max-field-length)");
                if (i == 0) {
                    throw stopped;
                }
                return i;
            }
        }
        return n;
    }

    /** Whether the character keeps its field within the limit. */
    private boolean accept(char c) {
        long lineBefore = lines.line();
        lines.accept(c);
        if (quoted) {
            if (quoteMaybeClosed) {
                quoteMaybeClosed = false;
                if (c != '"') {
                    quoted = false;
                    return endsField(c) ? fields <= MAX_FIELDS : ++length <= maxLength;
                }
            } else if (c == '"') {
                quoteMaybeClosed = true;
                return true;
            }
            return ++length <= maxLength;
        }
        if (endsField(c)) {
            return fields <= MAX_FIELDS;
        }
        if (fieldStart && c == '"') {
            quoted = true;
            quoteLine = lineBefore;
            fieldStart = false;
            return true;
        }
        fieldStart = false;
        return ++length <= maxLength;
    }

    /** A delimiter or line break outside quotes ends the field (within the field limit of its record). */
    private boolean endsField(char c) {
        if (c != delimiter && c != '\n' && c != '\r') {
            return false;
        }
        fieldStart = true;
        length = 0;
        fields = c == delimiter ? fields + 1 : 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
