package io.github.camelwolkvox.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.TestApplication;

/**
 * The default embedded database can be fed while the job runs: another process (the H2 Shell, as the
 * README shows) inserts a dial request and reads it back, with the job's own default URL.
 */
class EmbeddedDatabaseFeedIT {

    @TempDir
    Path data;

    @Test
    void anotherProcessInsertsARowWhileTheJobRunsAndTheJobDialsIt() throws Exception {
        // The shipped default URL, only moved into the test's folder.
        String url = defaultUrl().replace("./data/db/wolkvox", data.resolve("db/wolkvox").toString());
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.put("wolkvox.db.url", url);
        settings.put("wolkvox.sandbox.tour", "false");
        settings.put("wolkvox.queue.poll-interval", "100");
        Main main = TestApplication.start(settings);
        try {
            Shell insert = shell(url, "INSERT INTO wolkvox_dial_request (agent_id, customer_phone, customer_name)"
                    + " VALUES ('1001', '+57 300 123 4567', 'Ana Gómez')");
            assertThat(insert.exitCode()).as(insert.output()).isZero();

            DataSource db = main.getCamelContext().getRegistry().lookupByNameAndType("wolkvoxDataSource", DataSource.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(Jdbc.queryOne(db,
                    "SELECT status FROM wolkvox_dial_request WHERE customer_name = 'Ana Gómez'").map(r -> r.get("status")).orElse(null)));
            Shell select = shell(url, "SELECT id, status, conn_id FROM wolkvox_dial_request");
            assertThat(select.exitCode()).as(select.output()).isZero();
            assertThat(select.output()).contains("DONE");
        } finally {
            main.stop();
        }
    }

    private static String defaultUrl() throws IOException {
        Properties p = new Properties();
        try (InputStream in = new FileInputStream("application.properties")) {
            p.load(in);
        }
        return p.getProperty("wolkvox.db.url");
    }

    private record Shell(int exitCode, String output) {
    }

    /** The H2 Shell in a JVM of its own, as a user runs it beside the job. */
    private static Shell shell(String url, String sql) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", h2, "org.h2.tools.Shell", "-url", url, "-user", "sa", "-password", "",
                "-sql", sql)).redirectErrorStream(true).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            p.destroyForcibly();
        }
        return new Shell(ended ? p.exitValue() : -1, out);
    }
}
