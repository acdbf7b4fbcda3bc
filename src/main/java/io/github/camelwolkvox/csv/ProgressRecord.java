package io.github.camelwolkvox.csv;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The crash-safe record of a file's rows, kept beside the file as {@code .<name>.progress}: a first
 * line naming the file version (name, size, modification time), then one CSV line per finished row
 * (line, type_code, cod_act, status, message), flushed as soon as the row is done. A run started
 * after a crash reads it back and skips the rows it names; the finished record becomes the result
 * file. A record of another version of the file is discarded; a record whose file has left the
 * folder is removed by {@link ProgressRecordSweep}.
 */
final class ProgressRecord implements Closeable {

    static final String RESULT_HEADER = "line,type_code,cod_act,status,message";
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
    private static final char BYTE_ORDER_MARK = '\uFEFF';
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
        record.printer = new CSVPrinter(new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND)), FORMAT);
        return record;
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

    boolean isDone(long line) {
        return line <= Integer.MAX_VALUE && doneLines.get((int) line);
    }

    void append(RowOutcome outcome) throws IOException {
        printer.printRecord(outcome.line(), outcome.typeCode(), outcome.codAct(), outcome.status().label(), outcome.message());
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

    /** Writes the result file (UTF-8 with a byte-order mark so Excel shows accents): the header, then every recorded row. */
    void writeResult(Path result) throws IOException {
        printer.flush();
        Files.createDirectories(result.toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(result, StandardCharsets.UTF_8);
             BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            out.write(BYTE_ORDER_MARK);
            out.write(RESULT_HEADER + "\n");
            in.readLine();
            in.transferTo(out);
        }
    }

    @Override
    public void close() throws IOException {
        if (printer != null) {
            printer.close();
            printer = null;
        }
    }
}
