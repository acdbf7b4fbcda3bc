package io.github.camelwolkvox.csv;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.github.camelwolkvox.Application;
import io.github.camelwolkvox.TestApplication;

/**
 * The real application in a JVM of its own (so it can be killed, or given a small heap), with only
 * the CSV inbox route and the shared retry policy (the other routes would call Wolkvox too), its
 * settings the project's plus the test's, its output in {@code <root>/<name>.log}.
 */
final class ForkedActivityCodesApp {

    private ForkedActivityCodesApp() {
    }

    static Process start(Path root, String name, Path inbox, Map<String, String> extra, String maxHeap) throws IOException {
        Path project = Path.of("").toAbsolutePath();
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(project.resolve("application.properties"))) {
            settings.load(in);
        }
        settings.putAll(TestApplication.isolatedSettings(root.resolve("data")));
        settings.put("wolkvox.activity-codes.inbox", inbox.toString());
        settings.put("wolkvox.activity-codes.poll-delay", "100");
        settings.put("wolkvox.activity-codes.read-lock-check-interval", "100");
        settings.put("wolkvox.queue.enabled", "false");
        settings.put("camel.main.routes-include-pattern", "classpath:camel-wolkvox/templates/retries.camel.yaml"
                + ",classpath:camel-wolkvox/templates/activity-codes-inbox.camel.yaml"
                + ",file:" + project.resolve("routes/activity-codes.camel.yaml"));
        settings.putAll(extra);
        Path config = root.resolve(name + ".properties");
        try (var out = Files.newBufferedWriter(config)) {
            settings.store(out, name);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-Dwolkvox.config=" + config, "-cp", System.getProperty("java.class.path"), Application.class.getName()));
        return new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(root.resolve(name + ".log").toFile()).start();
    }
}
