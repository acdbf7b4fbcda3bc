package io.github.camelwolkvox.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import static io.github.camelwolkvox.bench.Figures.median;
import static io.github.camelwolkvox.bench.Figures.spread;

/** Items 4 and 5: the runnable jar in its own JVM, as a user runs it. */
final class AppBenchmarks {

    private static final Pattern STARTED = Pattern.compile("Apache Camel \\S+ \\(.*\\) started in");
    // Issue 19's targets for the default job, on the 2-core reference machine.
    private static final double MAX_START_SECONDS = 1.5;
    private static final int MAX_IDLE_MIB = 200;
    private static final Duration IDLE = Duration.ofSeconds(10);
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

    /**
     * Item 5: from {@code java -jar} to {@code /observe/health} answering UP, and the resident memory
     * after 10 s idle, for the default job and for a job that runs only the component.
     */
    void startup(Figures figures, int runs) throws Exception {
        startup(figures, runs, "5. default job", dir -> new ForkedApp(projectDir, jar, dir, List.of()));
        startup(figures, runs, "5. component only", dir -> new ForkedApp(jar, componentOnlyJob(dir), List.of()));
    }

    private void startup(Figures figures, int runs, String label, AppStart start) throws Exception {
        List<Double> upSeconds = new ArrayList<>();
        List<Double> idleMiB = new ArrayList<>();
        List<Double> load = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            // Wall-clock start-up on a shared machine means little without the load it was measured at.
            load.add(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            try (ForkedApp app = start.in(Files.createTempDirectory(scratch, "startup-"))) {
                upSeconds.add(app.awaitHealthUp(Duration.ofMinutes(2)).toMillis() / 1000.0);
                // Idle: nothing asked of the job; the sandbox tour, first polls and lazy set-up happen in these 10 s.
                Thread.sleep(IDLE.toMillis());
                idleMiB.add(app.residentMiB());
            }
        }
        boolean defaultJob = label.contains("default");
        figures.add(label + ": java -jar to /observe/health UP", spread(upSeconds, "%.2f") + " s",
                defaultJob ? "<= " + MAX_START_SECONDS + " s" : "", defaultJob ? median(upSeconds) <= MAX_START_SECONDS : null);
        figures.add(label + ": resident memory after " + IDLE.toSeconds() + " s idle (VmRSS)", spread(idleMiB, "%.0f") + " MiB",
                defaultJob ? "<= " + MAX_IDLE_MIB + " MiB" : "", defaultJob ? median(idleMiB) <= MAX_IDLE_MIB : null);
        figures.info(label + ": load average (1 min) at each start", spread(load, "%.1f"));
    }

    /**
     * A folder with a job of the component alone: one route calling the sandbox once, health on
     * the management port; no REST API, database, schedule or file intake.
     */
    private static Path componentOnlyJob(Path dir) throws IOException {
        Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "camel.main.name = wolkvox-component-only",
                "camel.main.routes-include-pattern = file:routes/*.camel.yaml",
                "camel.main.jmx-enabled = false",
                "camel.management.enabled = true",
                "camel.management.port = {{wolkvox.management.port}}",
                "camel.management.health-check-enabled = true",
                "camel.health.enabled = true",
                // the simulator is a plug-in bean of the component (as in the default job's settings)
                "camel.beans.wolkvoxSandbox = #class:io.github.camelwolkvox.sandbox.WolkvoxSandboxSupport", ""));
        Files.writeString(Files.createDirectories(dir.resolve("routes")).resolve("component-only.camel.yaml"), String.join("\n",
                "- route:",
                "    id: component-only",
                "    from:",
                "      uri: timer:component-only?repeatCount=1",
                "      steps:",
                "        - to: wolkvox:routingPoints",
                "        - log: \"component only: ${body.size} routing points\"", ""));
        return dir;
    }

    /** How a benchmark run starts its app in a fresh folder. */
    @FunctionalInterface
    private interface AppStart {
        ForkedApp in(Path dir) throws IOException;
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
