package io.github.camelwolkvox.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongPredicate;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.model.ActivityCode;

/**
 * The data rows of one file, read one at a time (the file is never held in memory), each with the
 * line it starts on. Blank rows are skipped, and so are the lines {@code alreadyDone} names (a run
 * resumed after a crash). A row the CSV syntax breaks on ends the iteration with one failed row
 * saying where and why; the rows before it stand.
 */
final class ActivityCodeRows implements Iterator<ActivityCodeRow>, Closeable {

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final ActivityCodeColumns columns;
    private final LongPredicate alreadyDone;
    private ActivityCodeRow next;
    private boolean broken;

    private ActivityCodeRows(CSVParser parser, ActivityCodeColumns columns, LongPredicate alreadyDone) {
        this.parser = parser;
        this.records = parser.iterator();
        this.columns = columns;
        this.alreadyDone = alreadyDone;
    }

    /** Opens the file and reads its header line; throws {@link UnreadableFileException} when there is no usable header. */
    static ActivityCodeRows open(Path file, CsvDialect dialect, LongPredicate alreadyDone) throws IOException {
        CSVParser parser = CSVParser.builder().setReader(dialect.open(file)).setFormat(dialect.format()).get();
        try {
            CSVRecord header = nextNonBlank(parser.iterator());
            if (header == null) {
                throw new UnreadableFileException("the file holds no header line (it is empty)");
            }
            return new ActivityCodeRows(parser, ActivityCodeColumns.of(header), alreadyDone);
        } catch (RuntimeException e) {
            parser.close();
            throw e instanceof UncheckedIOException u ? new UnreadableFileException("header line: " + u.getCause().getMessage()) : e;
        }
    }

    /** Data rows in the file (for progress and ETA): a quick parse that keeps nothing. */
    static long count(Path file, CsvDialect dialect) throws IOException {
        try (CSVParser parser = CSVParser.builder().setReader(dialect.open(file)).setFormat(dialect.format()).get()) {
            Iterator<CSVRecord> it = parser.iterator();
            long rows = -1;
            try {
                while (nextNonBlank(it) != null) {
                    rows++;
                }
            } catch (UncheckedIOException e) {
                // counted up to the broken row; the run itself reports it
            }
            return Math.max(rows, 0);
        }
    }

    ActivityCodeColumns columns() {
        return columns;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !broken) {
            long line = parser.getCurrentLineNumber() + 1;
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    return false;
                }
                record = records.next();
            } catch (UncheckedIOException e) {
                broken = true;
                next = ActivityCodeRow.ofOutcome(line, null, null, RowStatus.FAILED,
                        "the file cannot be read from this line on: " + e.getCause().getMessage());
                break;
            }
            if (!isBlank(record) && !alreadyDone.test(line)) {
                next = row(line, record);
            }
        }
        return next != null;
    }

    @Override
    public ActivityCodeRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ActivityCodeRow row = next;
        next = null;
        return row;
    }

    private ActivityCodeRow row(long line, CSVRecord record) {
        ActivityCode raw = columns.read(record);
        String typeCode = raw.typeCode() == null ? null : raw.typeCode().strip();
        String codAct = raw.codAct() == null ? null : raw.codAct().strip();
        String shape = columns.shapeProblem(record);
        if (shape != null) {
            return ActivityCodeRow.ofOutcome(line, typeCode, codAct, RowStatus.REJECTED, shape);
        }
        try {
            return ActivityCodeRow.ofCode(line, raw.validated());
        } catch (WolkvoxValidationException e) {
            return ActivityCodeRow.ofOutcome(line, typeCode, codAct, RowStatus.REJECTED, e.getMessage());
        }
    }

    private static CSVRecord nextNonBlank(Iterator<CSVRecord> it) {
        while (it.hasNext()) {
            CSVRecord r = it.next();
            if (!isBlank(r)) {
                return r;
            }
        }
        return null;
    }

    /** An empty line, or one holding only delimiters and spaces (Excel writes ";;;;" for an empty row). */
    private static boolean isBlank(CSVRecord record) {
        for (String v : record) {
            if (!v.isBlank()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
