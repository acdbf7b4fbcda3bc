package io.github.camelwolkvox.queue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import io.github.camelwolkvox.Application;

/**
 * The module as it runs in production (Camel Main, ./application.properties, the two queue route
 * files from ./routes), with test settings on top; one instance of "the app".
 */
final class QueueApp implements AutoCloseable {

    private boolean closed;
    private final Main main = Application.createMain(Path.of("application.properties"));

    QueueApp(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("camel.main.routes-include-pattern", "classpath:camel-wolkvox/templates/request-queue.camel.yaml,classpath:camel-wolkvox/templates/dead-letter.camel.yaml,"
                + "classpath:camel-wolkvox/templates/queue-callbacks.camel.yaml,"
                + "file:routes/dial-queue.camel.yaml,file:routes/interaction-queue.camel.yaml,file:routes/dead-letter.camel.yaml,"
                + "file:routes/queue-callbacks.camel.yaml");
        all.put("camel.main.jmx-enabled", "false");
        all.put("camel.management.enabled", "false");
        all.put("camel.server.enabled", "false"); // no REST routes here: no HTTP server on the REST port
        all.put("wolkvox.sandbox.tour", "false");
        all.put("camel.main.shutdown-timeout", "20");
        all.put("wolkvox.queue.poll-interval", "50");
        all.put("wolkvox.queue.retry.initial-delay", "100");
        all.putAll(settings);
        all.forEach(main::addOverrideProperty);
    }

    QueueApp start() {
        main.start();
        return this;
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        if (closed) {
            return; // a test may close an app early; the clean-up closes it again
        }
        closed = true;
        HikariDataSource pool = main.getCamelContext() == null ? null
                : main.getCamelContext().getRegistry().lookupByNameAndType("wolkvoxDataSource", HikariDataSource.class);
        main.stop();
        // Camel Main does not close the beans it made: without this each app left its pool open
        // (on PostgreSQL: five server connections per app, until the test JVM ran out of them).
        if (pool != null) {
            pool.close();
        }
    }
}
