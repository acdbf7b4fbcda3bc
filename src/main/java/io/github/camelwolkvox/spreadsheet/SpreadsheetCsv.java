package io.github.camelwolkvox.spreadsheet;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * CSV written for people who open it in a spreadsheet (result files, report exports): the
 * separator their Excel expects ({@code ;} in Spain and Latin America), UTF-8 with a byte-order
 * mark (else Excel reads it as the local ANSI code page) or Windows-1252, a cell quoted when it holds
 * any of the separators {@code , ; tab} (so it is not split open in a locale with another list
 * separator, where its second half could start a formula), and every cell a spreadsheet would run
 * as a formula neutralised with a leading {@code '} (OWASP "CSV injection"). Only the file is
 * changed: the values sent to Wolkvox or kept in the database are not.
 */
public final class SpreadsheetCsv implements Closeable {

    /** A formula starts with one of these (tab and CR too: Excel drops them and reads on). */
    private static final String FORMULA_START = "=+-@\t\r";
    /** A plain number ("-5", "+57", "3.5") stays a number: it runs nothing. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]+([.,][0-9]+)?");
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /** A cell holding one of these is quoted: any list separator, the quote, a line break. */
    private static final String QUOTED_IF_HELD = ",;\t\"\r\n";

    private final Writer out;
    private final char separator;

    private SpreadsheetCsv(Writer out, char separator) {
        this.out = out;
        this.separator = separator;
    }

    /** Starts the file on the stream: the byte-order mark when UTF-8, then the header row. */
    public static SpreadsheetCsv open(OutputStream out, char separator, Charset charset, List<String> header) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, charset));
        if (charset.equals(StandardCharsets.UTF_8)) {
            writer.write(BYTE_ORDER_MARK);
        }
        SpreadsheetCsv csv = new SpreadsheetCsv(writer, separator);
        csv.row(header);
        return csv;
    }

    /** A whole file in memory: UTF-8 with a byte-order mark. */
    public static byte[] bytes(char separator, List<String> header, Iterable<? extends Iterable<?>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SpreadsheetCsv csv = open(out, separator, StandardCharsets.UTF_8, header)) {
            for (Iterable<?> row : rows) {
                csv.row(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: not expected
        }
        return out.toByteArray();
    }

    /** One row; null cells are empty. */
    public void row(Iterable<?> cells) throws IOException {
        boolean first = true;
        for (Object cell : cells) {
            if (!first) {
                out.write(separator);
            }
            first = false;
            out.write(quoted(neutralised(cell == null ? "" : cell.toString())));
        }
        out.write("\r\n");
    }

    private static String quoted(String cell) {
        for (int i = 0; i < cell.length(); i++) {
            if (QUOTED_IF_HELD.indexOf(cell.charAt(i)) >= 0) {
                return '"' + cell.replace("\"", "\"\"") + '"';
            }
        }
        return cell;
    }

    /** The cell as a spreadsheet shows it without running it: "=1+1" becomes "'=1+1". */
    public static String neutralised(String cell) {
        boolean formula = !cell.isEmpty() && FORMULA_START.indexOf(cell.charAt(0)) >= 0 && !NUMBER.matcher(cell).matches();
        return formula ? "'" + cell : cell;
    }

    /**
     * A new empty file in the folder with the permissions of the umask (usually 644), unlike
     * {@link Files#createTempFile} (600): exports and result files are read by other users.
     */
    public static Path createTempFile(Path folder, String prefix) throws IOException {
        while (true) {
            try {
                return Files.createFile(folder.resolve(prefix + UUID.randomUUID() + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                // another name
            }
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
