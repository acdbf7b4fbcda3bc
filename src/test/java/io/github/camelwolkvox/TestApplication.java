package io.github.camelwolkvox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.main.Main;

import io.github.camelwolkvox.db.WolkvoxDataSource;

/**
 * The runnable job as the README starts it (the project's application.properties and routes/), with
 * everything it writes redirected under one temporary folder and its ports chosen free, so tests
 * never touch ./data or a fixed port.
 */
public final class TestApplication {

    private TestApplication() {
    }

    /** The settings that isolate a run under {@code data}; tests add or replace entries before starting. */
    public static Map<String, String> isolatedSettings(Path data) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("wolkvox.db.url", "jdbc:h2:file:" + data.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        settings.put("wolkvox.reports.dir", data.resolve("exports").toString());
        settings.put("wolkvox.activity-codes.inbox", data.resolve("inbox/activity-codes").toString());
        settings.put("wolkvox.activity-codes.min-age", "0"); // test files are dropped complete (renamed into place)
        settings.put("wolkvox.management.port", String.valueOf(freePort()));
        settings.put("wolkvox.rest.port", String.valueOf(freePort()));
        settings.put("wolkvox.sandbox.tour-delay", "0");
        return settings;
    }

    public static Main start(Map<String, String> settings) throws Exception {
        Main main = Application.createMain(Path.of("application.properties"));
        settings.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception | Error e) {
            main.stop(); // what did start (sandbox, HTTP servers) must not outlive a failed start
            // A failed CamelContext counts as stopped and closes none of its beans; the job exits
            // here (Application), a test goes on: close the pools the early database start opened.
            if (main.getCamelContext() != null) {
                main.getCamelContext().getRegistry().findByType(WolkvoxDataSource.class).forEach(WolkvoxDataSource::close);
            }
            throw e;
        }
        return main;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
