package io.github.camelwolkvox.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * The sandbox in a JVM of its own, for items 1-3: Wolkvox is another machine, so the JVM options
 * of the benchmark's JVM (the README's, where the module runs) must not slow the test double too.
 * Prints {@code sandbox> port <n>}, then answers one such line per command read from standard
 * input: {@code latency <ms>} and {@code clear} with {@code ok}, {@code overlaps} with the count
 * (other lines on standard output are log lines). Stops at the end of its input.
 */
public final class SandboxServer {

    static final String ANSWER = "sandbox> ";

    private SandboxServer() {
    }

    public static void main(String[] args) throws Exception {
        Configurator.setRootLevel(Level.WARN);
        WolkvoxSandbox sandbox = new WolkvoxSandbox(0);
        sandbox.start();
        System.out.println(ANSWER + "port " + sandbox.port());
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] command = line.strip().split(" ");
            String answer = switch (command[0]) {
                case "latency" -> {
                    sandbox.setLatencyMillis(Long.parseLong(command[1]));
                    yield "ok";
                }
                case "clear" -> {
                    sandbox.clearRecords();
                    yield "ok";
                }
                case "overlaps" -> String.valueOf(sandbox.overlaps());
                default -> "unknown command " + command[0];
            };
            System.out.println(ANSWER + answer);
            System.out.flush();
        }
        sandbox.stop();
    }
}
