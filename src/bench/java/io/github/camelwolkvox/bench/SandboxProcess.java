package io.github.camelwolkvox.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@link SandboxServer} started as a child process with the JVM's defaults, driven over its standard input. */
final class SandboxProcess implements AutoCloseable {

    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;
    private final String baseUrl;

    SandboxProcess() throws IOException {
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), SandboxServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String port = nextAnswer();
        if (!port.startsWith("port ")) {
            throw new IllegalStateException("sandbox process: " + port);
        }
        baseUrl = "http://127.0.0.1:" + port.substring("port ".length());
    }

    String baseUrl() {
        return baseUrl;
    }

    void setLatencyMillis(long millis) throws IOException {
        ask("latency " + millis);
    }

    void clearRecords() throws IOException {
        ask("clear");
    }

    int overlaps() throws IOException {
        return Integer.parseInt(ask("overlaps"));
    }

    private String ask(String command) throws IOException {
        commands.println(command);
        String answer = nextAnswer();
        if (answer.startsWith("unknown command")) {
            throw new IllegalStateException("sandbox process: " + answer);
        }
        return answer;
    }

    /** The next answer line; the sandbox's log lines (warnings) are passed on to this process's output. */
    private String nextAnswer() throws IOException {
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith(SandboxServer.ANSWER)) {
                return line.substring(SandboxServer.ANSWER.length());
            }
            System.out.println("[sandbox] " + line);
        }
        throw new IllegalStateException("the sandbox process ended (exit code " + exitCode() + ")");
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    @Override
    public void close() throws Exception {
        commands.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
