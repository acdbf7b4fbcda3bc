package io.github.camelwolkvox.csv;

import java.io.Closeable;
import java.util.List;

/**
 * The rows of a file as cells, one at a time, whatever the file is (delimited text, a workbook):
 * what {@link ActivityCodeRows} reads the header and the data rows from.
 */
interface SheetRows extends Closeable {

    /** The next row's cells, or null at the end; an {@link java.io.UncheckedIOException} when the file cannot be read from here on. */
    List<String> next();

    /** The line (row number) the row just returned starts on, or the next row would start on. */
    long line();

    /** How the row just returned was read, when the result file should say so; else empty. */
    String note();
}
