package io.github.camelwolkvox.reports;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.sandbox.WolkvoxSandboxSupport;
import io.github.camelwolkvox.db.WolkvoxDataSource;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * A CamelContext running the shipped retry policy, the reports template and routes/reports.camel.yaml
 * (a route from the template wolkvox-reports) with the settings of application.properties, against
 * the sandbox, an in-memory H2 database (PostgreSQL mode) and a temp export folder.
 */
final class ReportsHarness implements AutoCloseable {

    /** A cron that does not fire during a test (on-demand pulls only). */
    static final String NEVER = "0 0 0 1 1 ? 2099";

    final CamelContext context = new DefaultCamelContext();
    final WolkvoxDataSource dataSource = new WolkvoxDataSource();
    final Path dir;
    final Properties properties = new Properties();
    private final AtomicReference<WolkvoxSandbox> sandbox = new AtomicReference<>();

    ReportsHarness(Path dir) {
        this.dir = dir;
        properties.setProperty("wolkvox.reports.dir", dir.toString());
        properties.setProperty("wolkvox.reports.cron", NEVER);
        properties.setProperty("wolkvox.retry.initial-delay", "10");
        properties.setProperty("wolkvox.retry.max-redeliveries", "1");
        dataSource.setJdbcUrl("jdbc:h2:mem:reports-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        dataSource.setUsername("sa");
        dataSource.setSchemaScripts("classpath:db/reports-schema.sql");
    }

    ReportsHarness set(String key, String value) {
        properties.setProperty(key, value);
        return this;
    }

    ReportsHarness start() throws Exception {
        context.getPropertiesComponent().setLocation("file:application.properties");
        context.getPropertiesComponent().setOverrideProperties(properties);
        context.getRegistry().bind("wolkvoxDataSource", dataSource);
        WolkvoxSandboxSupport.installIn(context).setCustomizer(sandbox::set);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "classpath:camel-wolkvox/templates/retries.camel.yaml"),
                ResourceHelper.resolveResource(context, "classpath:camel-wolkvox/templates/reports.camel.yaml"),
                ResourceHelper.resolveResource(context, "file:routes/reports.camel.yaml"));
        context.start();
        return this;
    }

    WolkvoxSandbox sandbox() {
        return sandbox.get();
    }

    long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The rows of a query, each as its columns joined by '|'. */
    List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @Override
    public void close() throws Exception {
        context.close();
        dataSource.close();
    }
}
