package io.github.camelwolkvox.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongPredicate;

import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.model.ActivityCode;

/**
 * The data rows of one file, read one at a time (the file is never held in memory), each with the
 * line it starts on. The header is the first row that names the required columns (title and blank
 * rows above it are skipped); blank rows are skipped, and so are the lines {@code alreadyDone}
 * names (a run resumed after a crash). A row the file's syntax breaks on ends the iteration with
 * one failed row saying where and why; the rows before it stand.
 */
final class ActivityCodeRows implements Iterator<ActivityCodeRow>, Closeable {

    /** Rows looked at for the header: a title and a few notes above it, not a whole file. */
    static final int HEADER_SEARCH_ROWS = 20;

    private final SheetRows sheet;
    private final ActivityCodeColumns columns;
    private final long headerLine;
    private final LongPredicate alreadyDone;
    private final boolean dryRun;
    private ActivityCodeRow next;
    private boolean ended;
    private boolean brokenOff;

    private ActivityCodeRows(SheetRows sheet, ActivityCodeColumns columns, long headerLine, LongPredicate alreadyDone, boolean dryRun) {
        this.sheet = sheet;
        this.columns = columns;
        this.headerLine = headerLine;
        this.alreadyDone = alreadyDone;
        this.dryRun = dryRun;
    }

    /**
     * Reads the header of the sheet; throws {@link UnreadableFileException} when there is no usable
     * header. In a dry run the valid rows come out {@link RowStatus#VALID}, none to send.
     */
    static ActivityCodeRows open(SheetRows sheet, LongPredicate alreadyDone, boolean dryRun) throws IOException {
        try {
            List<String> first = null;
            for (int looked = 0; looked < HEADER_SEARCH_ROWS; ) {
                List<String> row = sheet.next();
                if (row == null) {
                    break;
                }
                if (isBlank(row)) {
                    continue;
                }
                if (ActivityCodeColumns.isHeader(row)) {
                    return new ActivityCodeRows(sheet, ActivityCodeColumns.of(row), sheet.line(), alreadyDone, dryRun);
                }
                first = first == null ? row : first;
                looked++;
            }
            if (first == null) {
                throw new UnreadableFileException("the file holds no header line (it is empty)");
            }
            ActivityCodeColumns.of(first); // throws, naming what the first row lacks
            throw new IllegalStateException("not a header: " + first);
        } catch (RuntimeException e) {
            sheet.close();
            throw e instanceof UncheckedIOException u ? new UnreadableFileException("header line: " + u.getCause().getMessage()) : e;
        }
    }

    /** Data rows in the sheet (for progress and ETA): a quick read that keeps nothing. */
    static long count(SheetRows sheet) throws IOException {
        try (ActivityCodeRows rows = open(sheet, line -> false, true)) {
            long n = 0;
            while (rows.hasNext()) {
                rows.next();
                n++;
            }
            return n;
        } catch (UnreadableFileException e) {
            return 0;
        }
    }

    ActivityCodeColumns columns() {
        return columns;
    }

    /** The line of the header row (above it: title or blank rows). */
    long headerLine() {
        return headerLine;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !ended) {
            List<String> record;
            try {
                record = sheet.next();
            } catch (UncheckedIOException e) {
                ended = true;
                brokenOff = true;
                next = ActivityCodeRow.ofOutcome(sheet.line(), null, null, RowStatus.FAILED,
                        "the file cannot be read from this line on: " + e.getCause().getMessage(), "");
                break;
            }
            if (record == null) {
                ended = true;
            } else if (!isBlank(record) && !alreadyDone.test(sheet.line())) {
                next = row(sheet.line(), record, sheet.note());
            }
        }
        return next != null;
    }

    /** Whether the rows ended at a row the file's syntax broke on, not at the end of the file. */
    boolean brokenOff() {
        return brokenOff;
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

    private ActivityCodeRow row(long line, List<String> record, String note) {
        ActivityCode raw = columns.read(record);
        String typeCode = raw.typeCode() == null ? null : raw.typeCode().strip();
        String codAct = raw.codAct() == null ? null : raw.codAct().strip();
        String shape = columns.shapeProblem(record);
        if (shape != null) {
            return ActivityCodeRow.ofOutcome(line, typeCode, codAct, RowStatus.REJECTED, shape, note);
        }
        try {
            ActivityCode valid = raw.validated();
            return dryRun ? ActivityCodeRow.ofOutcome(line, typeCode, codAct, RowStatus.VALID, "valid; not sent (dry run)", note)
                    : ActivityCodeRow.ofCode(line, valid, note);
        } catch (WolkvoxValidationException e) {
            return ActivityCodeRow.ofOutcome(line, typeCode, codAct, RowStatus.REJECTED, e.getMessage(), note);
        }
    }

    /** An empty line, or one holding only delimiters and spaces (Excel writes ";;;;" for an empty row). */
    private static boolean isBlank(List<String> record) {
        for (String v : record) {
            if (v != null && !v.isBlank()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        sheet.close();
    }
}
