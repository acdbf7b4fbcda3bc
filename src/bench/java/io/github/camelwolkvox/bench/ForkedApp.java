package io.github.camelwolkvox.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.camelwolkvox.ReadmeRunCommand;

/**
 * The runnable jar started as a user starts it ({@code java -jar}, from a folder holding a copy of
 * the project's application.properties and routes/), in a temporary working folder so its database
 * and files stay out of the project. Its output goes to {@code app.log} there and is watched line by
 * line, each line stamped with the time it was read.
 */
final class ForkedApp implements AutoCloseable {

    private static final Pattern HEALTH_UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");

    private final Path workDir;
    private final Process process;
    private final long startNanos;
    private final int managementPort;
    private final List<String> lines = new ArrayList<>();
    private final List<Long> lineNanos = new ArrayList<>();

    ForkedApp(Path projectDir, Path jar, Path workDir, List<String> jvmArgs) throws IOException {
        this(jar, copyProject(projectDir, workDir), jvmArgs);
    }

    /** The jar started in {@code workDir}, which holds the application.properties and routes/ it runs. */
    ForkedApp(Path jar, Path workDir, List<String> jvmArgs) throws IOException {
        this.workDir = workDir;
        managementPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The README's run command, read from the README: the class-data sharing archive the build
        // made next to the jar, the job's heap and JIT options (a benchmark's own -Xmx comes later and wins).
        command.addAll(ReadmeRunCommand.of(jar.toAbsolutePath().getParent().getParent()).jvmOptions());
        // Free ports for the REST API and the management server, so a benchmark never collides with a running app.
        command.add("-Dwolkvox.rest.port=" + freePort());
        command.add("-Dwolkvox.management.port=" + managementPort);
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        startNanos = System.nanoTime();
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        Thread reader = new Thread(this::readOutput, "forked-app-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The class-data sharing archive {@code mvn package} writes next to the jar. */
    static Path cdsArchive(Path jar) {
        return jar.toAbsolutePath().resolveSibling("camel-wolkvox.jsa");
    }

    private static Path copyProject(Path projectDir, Path workDir) throws IOException {
        Files.copy(projectDir.resolve("application.properties"), workDir.resolve("application.properties"));
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        try (Stream<Path> files = Files.list(projectDir.resolve("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        return workDir;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(workDir.resolve("app.log")), true)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.println(line);
                synchronized (this) {
                    lines.add(line);
                    lineNanos.add(System.nanoTime());
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // The app was stopped: its output ends here.
        }
    }

    /**
     * Waits for a line matching {@code pattern}; returns the time from the process start to that
     * line. Fails when the process ends or the time runs out first, with the end of its log.
     */
    synchronized Duration awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                if (pattern.matcher(lines.get(seen)).find()) {
                    return Duration.ofNanos(lineNanos.get(seen) - startNanos);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !process.isAlive()) {
                throw new IllegalStateException("the app did not log /" + pattern + "/ within " + timeout
                        + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")")
                        + "; last lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
            wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
        }
    }

    /**
     * Polls {@code /observe/health} on the management port until it answers 200 with status UP (what
     * a load balancer or Kubernetes waits for); returns the time from the process start to that answer.
     */
    Duration awaitHealthUp(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> answer = client.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && HEALTH_UP.matcher(answer.body()).find()) {
                    return Duration.ofNanos(System.nanoTime() - startNanos);
                }
            } catch (IOException notListeningYet) {
                // the management server is not up yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("/observe/health did not answer UP within " + timeout
                + (process.isAlive() ? "" : " (the app exited with " + process.exitValue() + ")") + "; see " + workDir.resolve("app.log"));
    }

    /** Resident memory of the process now, in MiB (VmRSS from /proc). */
    double residentMiB() throws IOException {
        return procStatusMiB("VmRSS:");
    }

    /** The most resident memory the process has had, in MiB (VmHWM from /proc). */
    double peakResidentMiB() throws IOException {
        return procStatusMiB("VmHWM:");
    }

    private double procStatusMiB(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/" + process.pid() + "/status");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the app as a user would (SIGTERM: Camel shuts down gracefully), forcibly if it hangs. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
