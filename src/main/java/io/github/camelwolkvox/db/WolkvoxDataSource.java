package io.github.camelwolkvox.db;

import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.operations.Secrets;

/**
 * The module's connection pool. Before it hands out its first connection it creates the module's
 * tables when they are missing (idempotent DDL, the same on H2 and PostgreSQL), so no route, SQL
 * poll or report can ever run against a table that is not there yet, whatever hosts the module.
 */
public class WolkvoxDataSource extends HikariDataSource {

    private static final Logger LOG = LoggerFactory.getLogger(WolkvoxDataSource.class);

    /** Advisory lock key of the schema creation ("wolkvox" + 0). */
    private static final long SCHEMA_LOCK_KEY = 0x776f6c6b766f7800L;

    private String schemaScripts = "";
    private volatile boolean schemaReady;
    /** What an early start ({@link #prepareInBackground()}) failed with, for the first caller to see. */
    private SQLException earlyFailure;

    @Override
    public Connection getConnection() throws SQLException {
        if (!schemaReady) {
            applySchema();
        }
        return super.getConnection();
    }

    /**
     * Opens the pool and creates the tables now, on a thread of its own, while the caller goes on
     * (the job: while Camel builds its routes). Every {@link #getConnection()} still waits until the
     * tables are there; if this early start fails, the first one fails with its exception (and the
     * next ones try again), so a database that cannot be reached fails the start as before.
     */
    public void prepareInBackground() {
        if (schemaReady) {
            return;
        }
        Thread prepare = new Thread(this::prepareNow, "wolkvox-db-prepare");
        prepare.setDaemon(true);
        prepare.start();
    }

    /**
     * Waits for an early start still opening the database (it holds this object's lock), so a start
     * that failed meanwhile, or a quick stop, never leaves a thread creating files or a pool behind.
     */
    @Override
    public synchronized void close() {
        super.close();
    }

    private synchronized void prepareNow() {
        try {
            applySchema();
        } catch (SQLException | RuntimeException e) {
            earlyFailure = e instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
        }
    }

    private synchronized void applySchema() throws SQLException {
        if (schemaReady) {
            return;
        }
        if (earlyFailure != null) {
            SQLException failure = earlyFailure;
            earlyFailure = null;
            throw failure;
        }
        // Instances starting together on one PostgreSQL: its CREATE ... IF NOT EXISTS can still fail
        // when run at the same moment, so they take turns under an advisory lock.
        try (Connection lock = super.getConnection(); Statement st = lock.createStatement()) {
            boolean postgres = "PostgreSQL".equalsIgnoreCase(lock.getMetaData().getDatabaseProductName());
            if (postgres) {
                st.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK_KEY + ")");
            }
            try {
                for (String script : schemaScripts.split(",")) {
                    String location = script.strip().replaceFirst("^classpath:", "");
                    if (!location.isEmpty()) {
                        run(location);
                    }
                }
            } finally {
                if (postgres) {
                    st.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK_KEY + ")");
                }
            }
        }
        schemaReady = true;
    }

    private void run(String location) throws SQLException {
        String sql;
        try (InputStream in = WolkvoxDataSource.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new SQLException("Schema script not found on the classpath: " + location);
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("Cannot read schema script " + location, e);
        }
        try (Connection c = super.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            // Statements end with ';' at the end of a line; lines starting with -- are comments.
            for (String statement : sql.split(";\\s*(\\r?\\n|$)")) {
                String s = statement.lines().filter(l -> !l.strip().startsWith("--"))
                        .reduce("", (a, b) -> a + "\n" + b).strip();
                if (!s.isEmpty()) {
                    st.execute(s);
                }
            }
        }
        LOG.info("Database schema ready: {} on {}", location, Secrets.maskUrl(getJdbcUrl()));
    }

    public String getSchemaScripts() {
        return schemaScripts;
    }

    /** Comma-separated classpath locations of the DDL scripts, e.g. classpath:db/queue-schema.sql. */
    public void setSchemaScripts(String schemaScripts) {
        this.schemaScripts = schemaScripts == null ? "" : schemaScripts;
    }
}
