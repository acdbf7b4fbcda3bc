package io.github.camelwolkvox.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool's early start (the job opens the database while Camel builds its routes). */
class WolkvoxDataSourceTest {

    @TempDir
    Path dir;

    @Test
    void aConnectionAfterAnEarlyStartFindsTheTables() throws SQLException {
        try (WolkvoxDataSource db = dataSource("jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE")) {
            db.prepareInBackground();
            // no wait: the connection itself waits for the tables
            try (Connection c = db.getConnection();
                 ResultSet tables = c.getMetaData().getTables(null, null, "wolkvox_dial_request", null)) {
                assertThat(tables.next()).as("wolkvox_dial_request created before the first connection").isTrue();
            }
        }
    }

    @Test
    void aDatabaseTheEarlyStartCannotOpenFailsTheFirstConnectionAndTheNextOneTriesAgain() throws Exception {
        // a folder where the database file should be: H2 cannot open it
        String url = "jdbc:h2:file:" + dir + ";IFEXISTS=TRUE";
        try (WolkvoxDataSource db = dataSource(url)) {
            db.setInitializationFailTimeout(-1);
            db.setConnectionTimeout(250);
            db.prepareInBackground();
            assertThatThrownBy(db::getConnection).isInstanceOf(SQLException.class);
            assertThatThrownBy(db::getConnection).isInstanceOf(SQLException.class);
        }
    }

    private static WolkvoxDataSource dataSource(String url) {
        WolkvoxDataSource db = new WolkvoxDataSource();
        db.setJdbcUrl(url);
        db.setUsername("sa");
        db.setPassword("");
        db.setSchemaScripts("classpath:db/queue-schema.sql");
        return db;
    }
}
