package io.github.camelwolkvox.csv;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.component.WolkvoxApiException;
import io.github.camelwolkvox.component.WolkvoxConstants;
import io.github.camelwolkvox.component.WolkvoxFailure;
import io.github.camelwolkvox.component.WolkvoxValidationException;

/**
 * The steps of routes/activity-codes.camel.yaml: open a dropped file as a stream of rows (resuming
 * a run a crash interrupted), record each row's outcome as it happens, and at the end write the
 * result file, log the summary and choose the archive folder.
 */
public class ActivityCodeIntake implements CamelContextAware {

    /** Exchange property: the {@link ActivityCodeRun} of the file being read. */
    public static final String RUN = "activityCodeRun";
    /** Exchange property: the row being sent (the call replaces the body with the answer). */
    public static final String ROW = "activityCodeRow";
    /** Exchange property: where the file consumer moves the file, relative to the inbox. */
    public static final String ARCHIVE = "activityCodeArchive";
    /** Exchange property: true while the route is to read (more) rows of the file. */
    public static final String READ_ON = "activityCodeReadOn";
    /** A file named like this is checked, not sent, in any inbox. */
    private static final Pattern CHECK_NAME = Pattern.compile("(?i).*\\.check\\.[^.]+");

    private static final Logger LOG = LoggerFactory.getLogger(ActivityCodeIntake.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String RESULT_SUFFIX = ".result.csv";
    /** Refusals for the token or a rate limit, by HTTP status or envelope code. */
    private static final Set<String> NOT_ABOUT_THE_ROW = Set.of("401", "403", "429");

    private CamelContext camelContext;
    private String account = "";
    private String doneFolder = "done";
    private String errorFolder = "error";
    private long progressEveryRows = 5000;
    private long progressEverySeconds = 30;
    private Pattern include = Pattern.compile("(?i).*\\.(csv|txt|tsv|xlsx)");
    private int maxFieldLength = 4096;
    private boolean dryRun;
    private long checkInterval = 1000;
    private long readLockTimeout = 10_000;
    private final CompleteFiles completeFiles = new CompleteFiles();

    /**
     * The files already taken, by the file consumer's idempotent key, kept in {@code .files-taken}
     * in the inbox so a restart remembers them (Camel keeps the latest 1000 keys in memory).
     */
    public static IdempotentRepository filesTakenIn(String inbox) {
        return FileIdempotentRepository.fileIdempotentRepository(new File(inbox, ".files-taken"));
    }

    /**
     * Fails the creation of the inbox route when its account has no token (a misspelt name, say),
     * naming the setting to fix, rather than failing every row of every file dropped later.
     */
    public void checkAccount() {
        camelContext.getEndpoint("wolkvox:createActivityCode?account=" + account);
    }

    /** Opens the file the consumer picked up; the body becomes an iterator over the rows still to do. */
    public Iterator<ActivityCodeRow> open(Exchange exchange) throws IOException {
        Path file = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
        String name = file.getFileName().toString();
        String archive = errorFolder + "/" + archiveName(file);
        exchange.setProperty(ARCHIVE, archive);
        exchange.setProperty(READ_ON, true);
        FileVersion version = FileVersion.of(file);
        boolean dryRun = this.dryRun || CHECK_NAME.matcher(name).matches();
        ActivityCodeRun run = new ActivityCodeRun(file, ProgressRecord.open(ProgressRecord.pathFor(file), version.describe(name)),
                archive, version, dryRun);
        exchange.setProperty(RUN, run);
        exchange.getExchangeExtension().addOnCompletion(new CloseRun(run));
        if (!include.matcher(name).matches()) {
            LOG.warn("Activity codes {}: not a file this inbox reads (names matching {}, wolkvox.activity-codes.include): moved to {}",
                    name, include, archive);
            return unreadable(run, "not a file this inbox reads (names matching " + include + ")");
        }
        try {
            run.dialect = run.workbook() ? CsvDialect.WORKBOOK_RESULT : CsvDialect.detect(file);
            run.total = ActivityCodeRows.count(sheet(run, false));
            run.rows = rows(run);
        } catch (UnreadableFileException | IOException e) {
            return unreadable(run, e.getMessage());
        } catch (NoClassDefFoundError e) {
            // an OSGi container without the Apache POI bundles (optional import)
            return unreadable(run, "reading .xlsx needs Apache POI (poi-ooxml), which is not installed");
        }
        LOG.info("Activity codes {}: {} rows ({}){}{}{}{}", name, run.total,
                run.workbook() ? "workbook, first sheet" : run.dialect.describe(),
                run.dryRun ? ", dry run: checked only, nothing sent" : "",
                run.rows.headerLine() > 1 ? ", header on line " + run.rows.headerLine() : "",
                run.finishedBefore > 0 ? ", resuming: " + run.finishedBefore + " rows were done before a restart" : "",
                run.rows.columns().ignored().isEmpty() ? "" : ", columns ignored: " + run.rows.columns().ignored());
        return run.rows;
    }

    private ActivityCodeRows rows(ActivityCodeRun run) throws IOException {
        return ActivityCodeRows.open(sheet(run, true), run.progress::isDone, run.dryRun);
    }

    /** The file's rows; {@code upToVersion}: a text file only up to the size it was complete at, its bytes checksummed. */
    private SheetRows sheet(ActivityCodeRun run, boolean upToVersion) throws IOException {
        if (run.workbook()) {
            return new XlsxRows(run.file);
        }
        return new CsvRows(upToVersion ? run.version.open(run.file) : Files.newInputStream(run.file), run.dialect, maxFieldLength);
    }

    private Iterator<ActivityCodeRow> unreadable(ActivityCodeRun run, String why) throws IOException {
        run.unreadable = why;
        if (!run.progress.isDone(0)) {
            record(run, new RowOutcome(0, null, null, RowStatus.FAILED, "the file cannot be read: " + why));
        }
        return Collections.emptyIterator();
    }

    /**
     * After the last row: was the file changed while it was read? Unchanged, the run is complete.
     * Grown with the same start (a writer that paused longer than the minimum age), the body
     * becomes the rows added, once the file is complete again; the progress record moves to the
     * new version, so no row is sent twice, even across a crash. Replaced, or never complete
     * again within the read-lock timeout: the file goes to the error folder, saying so.
     */
    public void readOn(Exchange exchange) throws IOException, InterruptedException {
        ActivityCodeRun run = exchange.getProperty(RUN, ActivityCodeRun.class);
        exchange.setProperty(READ_ON, false);
        if (run.rows == null || run.rows.brokenOff() || run.version.sameAs(FileVersion.of(run.file))) {
            return;
        }
        if (run.workbook()) {
            // a workbook is rewritten whole: changed means replaced
            record(run, new RowOutcome(0, null, null, RowStatus.FAILED, "the workbook was saved again while it was read: the"
                    + " rows above are from the earlier version; drop it again to have it read"));
            return;
        }
        run.closeRows();
        FileVersion now = completeFiles.awaitComplete(run.file, checkInterval, readLockTimeout);
        String name = run.name();
        if (now == null) {
            LOG.warn("Activity codes {}: changed while read and still changing after {} ms: the rows added are not read", name,
                    readLockTimeout);
            record(run, new RowOutcome(0, null, null, RowStatus.FAILED, "the file was still being written " + readLockTimeout
                    + " ms after its last row was read: the rows added after that are not read; drop them in a new file"));
        } else if (now.size() < run.version.size() || !run.version.isStartOf(run.file)) {
            LOG.warn("Activity codes {}: replaced while read: the new content is not read", name);
            record(run, new RowOutcome(0, null, null, RowStatus.FAILED, "the file was replaced while it was read: the rows"
                    + " above are from the old content; drop the new one again to have it read"));
        } else {
            LOG.info("Activity codes {}: grew from {} to {} bytes while read: reading on", name, run.version.size(), now.size());
            run.progress.changeVersion(now.describe(name));
            run.version = now;
            run.rows = rows(run);
            run.total = ActivityCodeRows.count(sheet(run, false));
            exchange.getIn().setBody(run.rows);
            exchange.setProperty(READ_ON, true);
        }
    }

    /** Wolkvox took the row; its answer says whether the code was created or modified. */
    public void sent(@ExchangeProperty(RUN) ActivityCodeRun run, @ExchangeProperty(ROW) ActivityCodeRow row,
                     @Header(WolkvoxConstants.MESSAGE) String message) throws IOException {
        String msg = message == null ? "" : message.toLowerCase(Locale.ROOT);
        boolean updated = msg.contains("updat") || msg.contains("modif") || msg.contains("actualiz");
        record(run, row.outcome(updated ? RowStatus.UPDATED : RowStatus.CREATED, message));
    }

    /**
     * The call did not succeed (after any retries): refused for its content is rejected, with the
     * API's message; anything else (credentials, limits, an unreachable or failing server) failed.
     */
    public void notSent(@ExchangeProperty(RUN) ActivityCodeRun run, @ExchangeProperty(ROW) ActivityCodeRow row,
                        @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) throws IOException {
        RowOutcome outcome;
        if (failure instanceof WolkvoxApiException api && refusedForContent(api)) {
            outcome = row.outcome(RowStatus.REJECTED, api.getMsg() != null ? api.getMsg() : api.getMessage());
        } else if (failure instanceof WolkvoxValidationException invalid) {
            outcome = row.outcome(RowStatus.REJECTED, invalid.getMessage());
        } else {
            outcome = row.outcome(RowStatus.FAILED, failure.getMessage());
        }
        record(run, outcome);
    }

    /** Refused, and not for the token or a rate limit (401, 403, 429): the row itself is wrong. */
    private static boolean refusedForContent(WolkvoxApiException e) {
        boolean notAboutTheRow = NOT_ABOUT_THE_ROW.contains(String.valueOf(e.getHttpStatus()))
                || NOT_ABOUT_THE_ROW.contains(String.valueOf(e.getCode()));
        return e.getFailure() == WolkvoxFailure.REJECTED && !notAboutTheRow;
    }

    /** A row whose outcome the file alone decided (invalid, or unreadable from there on). */
    public void decided(@ExchangeProperty(RUN) ActivityCodeRun run, @ExchangeProperty(ROW) ActivityCodeRow row) throws IOException {
        record(run, row.decided());
    }

    /** Every row is done: the result file goes beside the archived file, and one summary line to the log. */
    public void finish(Exchange exchange) throws IOException {
        ActivityCodeRun run = exchange.getProperty(RUN, ActivityCodeRun.class);
        run.closeRows();
        String archive = run.progress.count(RowStatus.FAILED) == 0
                ? doneFolder + "/" + Path.of(run.errorArchive).getFileName() : run.errorArchive;
        exchange.setProperty(ARCHIVE, archive);
        writeResult(run, archive);
        ProgressRecord p = run.progress;
        LOG.info("Activity codes {}: {} rows, {} sent ({} created, {} updated), {} rejected, {} failed in {} s -> {}{}",
                run.name(), p.finished(), p.count(RowStatus.CREATED) + p.count(RowStatus.UPDATED),
                p.count(RowStatus.CREATED), p.count(RowStatus.UPDATED), p.count(RowStatus.REJECTED),
                p.count(RowStatus.FAILED), String.format(Locale.ROOT, "%.1f", run.elapsed().toMillis() / 1000.0), archive,
                run.unreadable == null ? "" : " (the file cannot be read: " + run.unreadable + ")");
    }

    private void record(ActivityCodeRun run, RowOutcome outcome) throws IOException {
        run.progress.append(outcome);
        long done = run.finishedNow();
        long now = System.nanoTime();
        boolean everyRows = progressEveryRows > 0 && done % progressEveryRows == 0;
        boolean everySeconds = progressEverySeconds > 0 && now - run.lastLogNanos >= Duration.ofSeconds(progressEverySeconds).toNanos();
        if (everyRows || everySeconds) {
            run.lastLogNanos = now;
            logProgress(run, done);
        }
    }

    private static void logProgress(ActivityCodeRun run, long doneThisRun) {
        long finished = run.progress.finished();
        double seconds = Math.max(run.elapsed().toMillis(), 1) / 1000.0;
        double rate = doneThisRun / seconds;
        long left = Math.max(run.total - finished, 0);
        Duration eta = Duration.ofSeconds(rate > 0 ? Math.round(left / rate) : 0);
        LOG.info("Activity codes {}: {}/{} rows ({}%), {} rows/s, ETA {}", run.name(), finished, run.total,
                run.total == 0 ? 100 : finished * 100 / run.total, String.format(Locale.ROOT, "%.1f", rate),
                String.format("%d:%02d:%02d", eta.toHours(), eta.toMinutesPart(), eta.toSecondsPart()));
    }

    private void writeResult(ActivityCodeRun run, String archive) throws IOException {
        run.progress.writeResult(run.file.resolveSibling(archive + RESULT_SUFFIX), run.dialect);
        run.resultWritten = true;
        CompleteFiles.removeMarkersOf(run.file);
    }

    /** The file's own name, unless an earlier file of that name is archived already: then name-yyyyMMdd-HHmmss.ext. */
    private String archiveName(Path file) {
        String name = file.getFileName().toString();
        Path inbox = file.getParent();
        boolean taken = false;
        for (String folder : new String[] {doneFolder, errorFolder}) {
            Path f = inbox.resolve(folder).resolve(name);
            taken |= Files.exists(f) || Files.exists(f.resolveSibling(name + RESULT_SUFFIX));
        }
        if (!taken) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String stamp = "-" + LocalDateTime.now().format(STAMP);
        return dot > 0 ? name.substring(0, dot) + stamp + name.substring(dot) : name + stamp;
    }

    /**
     * When the exchange is done: releases the file, and when the route broke off, the rows done
     * so far still get their result file beside the file in the error folder.
     */
    private final class CloseRun extends SynchronizationAdapter {
        private final ActivityCodeRun run;

        CloseRun(ActivityCodeRun run) {
            this.run = run;
        }

        @Override
        public void onDone(Exchange exchange) {
            try {
                run.closeRows();
                if (!run.resultWritten && exchange.isFailed()) {
                    Exception e = exchange.getException();
                    run.progress.append(new RowOutcome(0, null, null, RowStatus.FAILED,
                            "processing stopped: " + (e == null ? "unknown error" : e.getMessage())));
                    writeResult(run, run.errorArchive);
                }
                run.progress.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close the work on " + run.file, e);
            }
        }
    }

    /** The account the rows go to (wolkvox.accounts.<name>.*); empty for the default account. */
    public void setAccount(String account) {
        this.account = account == null ? "" : account.strip();
    }

    public void setDoneFolder(String doneFolder) {
        this.doneFolder = doneFolder;
    }

    public void setErrorFolder(String errorFolder) {
        this.errorFolder = errorFolder;
    }

    public void setProgressEveryRows(long progressEveryRows) {
        this.progressEveryRows = progressEveryRows;
    }

    public void setProgressEverySeconds(long progressEverySeconds) {
        this.progressEverySeconds = progressEverySeconds;
    }

    /** Regular expression of the file names read; any other file is moved to the error folder, saying why. */
    public void setInclude(String include) {
        this.include = Pattern.compile(include);
    }

    /** Longest field, in characters: a longer one (an unclosed quote, say) stops the file there. */
    public void setMaxFieldLength(int maxFieldLength) {
        if (maxFieldLength < 1) {
            throw new IllegalArgumentException("wolkvox.activity-codes.max-field-length (WOLKVOX_ACTIVITY_CODES_MAX_FIELD_LENGTH)"
                    + " must be at least 1 but is " + maxFieldLength);
        }
        this.maxFieldLength = maxFieldLength;
    }

    /** Every file of this inbox is checked row by row and nothing is sent. */
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** Ms since its last change before a file without a marker counts as complete (see {@link CompleteFiles}). */
    public void setMinAge(long minAge) {
        completeFiles.setMinAge(minAge);
    }

    /** Ms a file must stay unchanged to count as complete. */
    public void setCheckInterval(long checkInterval) {
        this.checkInterval = checkInterval;
    }

    /** Longest wait, in ms, for a file that changed while it was read to be complete again. */
    public void setReadLockTimeout(long readLockTimeout) {
        this.readLockTimeout = readLockTimeout;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
