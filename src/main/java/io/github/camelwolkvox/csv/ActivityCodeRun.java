package io.github.camelwolkvox.csv;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The work on one file: its progress record, its rows, and the figures for the progress and summary lines. */
final class ActivityCodeRun {

    final Path file;
    final ProgressRecord progress;
    /** Where the file goes (relative to the inbox) unless every row was sent or rejected for its content. */
    final String errorArchive;
    final long startNanos = System.nanoTime();
    final long finishedBefore;
    /** Checked row by row, nothing sent. */
    final boolean dryRun;
    /** The file as it was complete when its rows were (last) opened. */
    FileVersion version;
    ActivityCodeRows rows;
    CsvDialect dialect;
    long total;
    String unreadable;
    boolean resultWritten;
    long lastLogNanos = startNanos;

    ActivityCodeRun(Path file, ProgressRecord progress, String errorArchive, FileVersion version, boolean dryRun) {
        this.file = file;
        this.progress = progress;
        this.errorArchive = errorArchive;
        this.version = version;
        this.dryRun = dryRun;
        this.finishedBefore = progress.finished();
    }

    String name() {
        return file.getFileName().toString();
    }

    /** An Excel workbook (.xlsx), not delimited text. */
    boolean workbook() {
        return name().toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }

    long finishedNow() {
        return progress.finished() - finishedBefore;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    void closeRows() throws IOException {
        if (rows != null) {
            rows.close();
        }
    }
}
