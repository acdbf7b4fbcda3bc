package io.github.camelwolkvox.csv;

/**
 * Counts lines the way Commons CSV numbers them (CRLF, CR or LF each end one line), so a line
 * named by a reader below the parser is the line the result file and the log name.
 */
final class LineCounter {

    private long line = 1;
    private boolean afterCr;

    void accept(char c) {
        if (c == '\n') {
            if (!afterCr) {
                line++;
            }
            afterCr = false;
        } else {
            afterCr = c == '\r';
            if (afterCr) {
                line++;
            }
        }
    }

    /** The line the next character is on (1 = the first). */
    long line() {
        return line;
    }
}
