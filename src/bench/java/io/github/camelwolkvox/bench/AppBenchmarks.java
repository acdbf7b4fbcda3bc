package io.github.camelwolkvox.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static io.github.camelwolkvox.bench.Figures.fmt;
import static io.github.camelwolkvox.bench.Figures.spread;

/** Items 4 and 5: the runnable jar in its own JVM, as a user runs it. */
final class AppBenchmarks {

    private static final Pattern STARTED = Pattern.compile("Apache Camel \\S+ \\(.*\\) started in");
    private static final Pattern TOUR_FINISHED = Pattern.compile("Sandbox tour finished");
    /** A G1 pause line of -Xlog:gc: "... 41M->12M(64M) 3.2ms"; the first figure is the heap used before it. */
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final String CSV_NAME = "activity-codes-bench.csv";

    private final Path projectDir;
    private final Path jar;
    private final Path scratch;

    AppBenchmarks(Path projectDir, Path jar, Path scratch) {
        this.projectDir = projectDir;
        this.jar = jar;
        this.scratch = scratch;
    }

    /** Item 5: from {@code java -jar} to Camel's "started" line, and the resident memory once idle. */
    void startup(Figures figures, int runs) throws Exception {
        List<Double> startSeconds = new ArrayList<>();
        List<Double> idleMiB = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            try (ForkedApp app = new ForkedApp(projectDir, jar, Files.createTempDirectory(scratch, "startup-"), List.of())) {
                startSeconds.add(app.awaitLine(STARTED, Duration.ofMinutes(2)).toMillis() / 1000.0);
                // Idle = after the sandbox tour's five calls, plus a settling period for lazy init and JIT.
                app.awaitLine(TOUR_FINISHED, Duration.ofMinutes(1));
                double rss = 0;
                for (int s = 0; s < 5; s++) {
                    Thread.sleep(1000);
                    rss = app.residentMiB();
                }
                idleMiB.add(rss);
            }
        }
        figures.add("5. runnable jar: java -jar to all routes started", spread(startSeconds, "%.2f") + " s", "starts",
                startSeconds.size() == runs);
        figures.info("5. runnable jar: resident memory idle (VmRSS, default heap)", spread(idleMiB, "%.0f") + " MiB");
    }

    /** Item 4: a large activity-code file through the app's CSV route with a 64 MiB heap. */
    void csv(Figures figures, int rows) throws Exception {
        String label = fmt("4. %,d-row CSV, -Xmx64m: ", rows);
        if (!Files.exists(projectDir.resolve("routes/activity-codes.camel.yaml"))) {
            figures.info(label + "rows/s and peak heap", "not available: CSV intake not merged");
            return;
        }
        Path work = Files.createTempDirectory(scratch, "csv-");
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Path staged = writeCsv(work.resolve(CSV_NAME), rows);
        Path gcLog = work.resolve("gc.log");
        // Wolkvox is simulated in this JVM, not the app's: the built-in sandbox keeps every code it is
        // sent, and 100,000 of them alone would fill a 64 MiB heap that a real deployment never holds.
        WolkvoxSandbox wolkvox = new WolkvoxSandbox(0);
        wolkvox.start();
        List<String> jvm = List.of("-Xmx64m", "-Xlog:gc:file=" + gcLog, "-Dwolkvox.sandbox.enabled=false",
                "-Dwolkvox.token=bench-csv-token", "-Dwolkvox.base-url=" + wolkvox.baseUrl(),
                "-Dwolkvox.activity-codes.inbox=" + inbox, "-Dwolkvox.activity-codes.poll-delay=500",
                "-Dwolkvox.activity-codes.min-age=0"); // dropped whole (renamed into place): complete at once
        Duration timeout = Duration.ofMinutes(Long.getLong("bench.csv-timeout-minutes", 30));
        try (ForkedApp app = new ForkedApp(projectDir, jar, work, jvm)) {
            app.awaitLine(STARTED, Duration.ofMinutes(2));
            // Dropped whole, as a finished export appears, so the route never sees a half-written file.
            Files.move(staged, inbox.resolve(CSV_NAME), StandardCopyOption.ATOMIC_MOVE);
            long start = System.nanoTime();
            Optional<Path> archived = Optional.empty();
            while (archived.isEmpty() && app.isAlive() && System.nanoTime() - start < timeout.toNanos()) {
                Thread.sleep(200);
                archived = archivedOriginal(inbox);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double peakRss = app.isAlive() ? app.peakResidentMiB() : Double.NaN;
            if (archived.isEmpty()) {
                figures.add(label + "finished", app.isAlive() ? "no result after " + timeout : "the app died (see app.log)",
                        "finishes", false);
                return;
            }
            Path result = archived.get().resolveSibling(CSV_NAME + ".result.csv");
            long sent = countSent(result);
            figures.add(label + "rows created/updated (in " + archived.get().getParent().getFileName() + "/)",
                    fmt("%,d of %,d in %.0f s", sent, rows, seconds), "all rows", sent == rows);
            figures.info(label + "throughput", fmt("%.0f rows/s", rows / seconds));
            figures.info(label + "peak heap used (GC log) / peak RSS", fmt("%.0f MiB / %.0f MiB", peakHeapMiB(gcLog), peakRss));
        } finally {
            wolkvox.stop();
        }
    }

    private static Path writeCsv(Path file, int rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("type_code,cod_act,description_cod_act,hit,rpc,chat\r\n");
            for (int i = 1; i <= rows; i++) {
                out.write(fmt("BENCH,B%06d,\"Benchmark code %d, generated\",%s,no,no\r\n", i, i, i % 2 == 0 ? "yes" : "no"));
            }
        }
        return file;
    }

    /** The dropped file once the route has moved it out of the inbox into done/ or error/. */
    private static Optional<Path> archivedOriginal(Path inbox) throws IOException {
        try (Stream<Path> files = Files.walk(inbox)) {
            return files.filter(f -> f.getFileName().toString().equals(CSV_NAME) && !f.getParent().equals(inbox)).findFirst();
        }
    }

    /** Rows of the result file whose status is created or updated. */
    private static long countSent(Path result) throws IOException {
        if (!Files.exists(result)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(result, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.matches("(?i).*[,;\\t]\"?(created|updated)\"?[,;\\t].*")).count();
        }
    }

    /** The largest heap in use just before a collection, read from the -Xlog:gc file. */
    private static double peakHeapMiB(Path gcLog) throws IOException {
        List<Double> before = new ArrayList<>();
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_HEAP.matcher(line);
            if (m.find()) {
                before.add(mib(Long.parseLong(m.group(1)), m.group(2)));
            }
        }
        return before.isEmpty() ? Double.NaN : before.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    private static double mib(long value, String unit) {
        return switch (unit) {
            case "K" -> value / 1024.0;
            case "G" -> value * 1024.0;
            default -> value;
        };
    }
}
