package io.github.camelwolkvox.csv;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import io.github.camelwolkvox.spreadsheet.SpreadsheetCsv;

/**
 * The crash-safe record of a file's rows, kept beside the file as {@code .<name>.progress}: a first
 * line naming the file version (name, size, modification time), then one CSV line per finished row
 * (line, type_code, cod_act, status, message, note), flushed as soon as the row is done. A run started
 * after a crash reads it back and skips the rows it names; the finished record becomes the result
 * file. A record of another version of the file is discarded; a record whose file has left the
 * folder is removed by {@link ProgressRecordSweep}.
 */
final class ProgressRecord implements Closeable {

    static final List<String> RESULT_HEADER = List.of("line", "type_code", "cod_act", "status", "message", "note");
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
    private static final String VERSION_PREFIX = "# ";
    private static final String PREFIX = ".";
    private static final String SUFFIX = ".progress";

    private final Path path;
    private final BitSet doneLines = new BitSet();
    private final Map<RowStatus, Long> counts = new EnumMap<>(RowStatus.class);
    private CSVPrinter printer;

    private ProgressRecord(Path path) {
        this.path = path;
    }

    static Path pathFor(Path file) {
        return file.resolveSibling(PREFIX + file.getFileName() + SUFFIX);
    }

    /** Deletes the records whose file is no longer in the folder (archived, or taken away). */
    static void removeOrphans(Path folder) throws IOException {
        try (DirectoryStream<Path> records = Files.newDirectoryStream(folder, PREFIX + "*" + SUFFIX)) {
            for (Path record : records) {
                String name = record.getFileName().toString();
                if (!Files.exists(folder.resolve(name.substring(PREFIX.length(), name.length() - SUFFIX.length())))) {
                    Files.deleteIfExists(record);
                }
            }
        }
    }

    /** The record of this file version: resumed when one exists, else started empty. */
    static ProgressRecord open(Path path, String fileVersion) throws IOException {
        ProgressRecord record = new ProgressRecord(path);
        if (!(Files.isRegularFile(path) && record.resume(fileVersion))) {
            Files.writeString(path, VERSION_PREFIX + fileVersion + "\n", StandardCharsets.UTF_8);
        }
        record.printer = appender(path);
        return record;
    }

    private static CSVPrinter appender(Path path) throws IOException {
        return new CSVPrinter(Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.APPEND), FORMAT);
    }

    private boolean resume(String fileVersion) throws IOException {
        dropTornLastLine();
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            if (!(VERSION_PREFIX + fileVersion).equals(in.readLine())) {
                return false;
            }
            for (CSVRecord r : FORMAT.parse(in)) {
                count(Long.parseLong(r.get(0)), RowStatus.ofLabel(r.get(3)));
            }
        }
        return true;
    }

    /** A crash while a line was being written leaves it without its line break: that row counts as not done. */
    private void dropTornLastLine() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            long end = file.length();
            while (end > 0) {
                file.seek(end - 1);
                if (file.read() == '\n') {
                    break;
                }
                end--;
            }
            file.setLength(end);
        }
    }

    /** Rows with an outcome in a record being written (read only: the record is left as it is). */
    static long finishedIn(Path record) {
        try (BufferedReader in = Files.newBufferedReader(record, StandardCharsets.UTF_8)) {
            in.readLine();
            return count(in, FORMAT);
        } catch (IOException | UncheckedIOException e) {
            return 0; // removed or torn meanwhile: the next look tells
        }
    }

    /** Rows of a result file, in whichever dialect it was written. */
    static long rowsIn(Path result) {
        try {
            return recordsIn(result).size();
        } catch (IOException | UncheckedIOException | StringIndexOutOfBoundsException e) {
            return 0;
        }
    }

    /** The data rows of a result file (header left out), in whichever dialect it was written. */
    static List<CSVRecord> recordsIn(Path result) throws IOException {
        byte[] head = Files.readAllBytes(result);
        boolean bom = head.length >= 3 && (head[0] & 0xFF) == 0xEF;
        String text = new String(head, bom ? 3 : 0, head.length - (bom ? 3 : 0), bom ? StandardCharsets.UTF_8 : CsvDialect.WINDOWS_1252);
        // the header starts with "line": the character after it is the delimiter the file was written with
        CSVFormat format = FORMAT.builder().setDelimiter(text.charAt(RESULT_HEADER.get(0).length())).setHeader().get();
        return format.parse(new StringReader(text)).getRecords();
    }

    private static long count(BufferedReader in, CSVFormat format) throws IOException {
        long n = 0;
        for (CSVRecord ignored : format.parse(in)) {
            n++;
        }
        return n;
    }

    boolean isDone(long line) {
        return line <= Integer.MAX_VALUE && doneLines.get((int) line);
    }

    void append(RowOutcome outcome) throws IOException {
        printer.printRecord(outcome.line(), outcome.typeCode(), outcome.codAct(), outcome.status().label(), outcome.message(),
                outcome.note());
        printer.flush();
        count(outcome.line(), outcome.status());
    }

    private void count(long line, RowStatus status) {
        doneLines.set((int) line);
        counts.merge(status, 1L, Long::sum);
    }

    long count(RowStatus status) {
        return counts.getOrDefault(status, 0L);
    }

    long finished() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The file changed while it was read (rows were added): the record now belongs to the new
     * version, so a crash from here on resumes it instead of discarding it. Rewritten under a
     * temporary name and renamed, so a crash leaves the old record or the new one.
     */
    void changeVersion(String fileVersion) throws IOException {
        printer.flush();
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
             BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            in.readLine();
            out.write(VERSION_PREFIX + fileVersion + "\n");
            in.transferTo(out);
        }
        printer.close();
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        printer = appender(path);
    }

    /** Writes the result file in the input's dialect (see {@link SpreadsheetCsv}): the header, then every recorded row. */
    void writeResult(Path result, CsvDialect dialect) throws IOException {
        printer.flush();
        Files.createDirectories(result.toAbsolutePath().getParent());
        CsvDialect d = dialect != null ? dialect : new CsvDialect(StandardCharsets.UTF_8, true, ',', false);
        // written under a hidden name and moved in place: a script or person watching the folder
        // never reads half a result file
        Path partial = result.resolveSibling("." + result.getFileName() + ".partial");
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
             SpreadsheetCsv out = SpreadsheetCsv.open(Files.newOutputStream(partial), d.delimiter(), d.charset(), RESULT_HEADER)) {
            in.readLine();
            for (CSVRecord r : FORMAT.parse(in)) {
                out.row(r);
            }
        }
        Files.move(partial, result, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() throws IOException {
        if (printer != null) {
            printer.close();
            printer = null;
        }
    }
}
