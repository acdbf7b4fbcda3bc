package io.github.camelwolkvox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.TestPostgres;
import io.github.camelwolkvox.cluster.AdvisoryLockTokenGate.Turn;

/**
 * The cluster-wide token guard on a real PostgreSQL: two gates with pools of their own stand for two
 * instances. A turn excludes the other instance until it is given back; a wait is bounded; a
 * token allowing two calls has two slots; a holder whose connection dies (as when its process is
 * killed) has its turn released by the server, and the next holder waits out the dead holder's call
 * (Wolkvox may still be working on it) but not a turn given back.
 */
class AdvisoryLockTokenGateIT {

    private final String fingerprint = fingerprintOf("gate-test-" + UUID.randomUUID());
    private static final long CALL_LIMIT = 1500;
    private ClusterDatabase db;
    private AdvisoryLockTokenGate instanceA;
    private AdvisoryLockTokenGate instanceB;

    @BeforeEach
    void gates() throws Exception {
        db = new ClusterDatabase();
        db.update(ClusterSchema.resource("db/cluster-schema.sql"));
        instanceA = new AdvisoryLockTokenGate(pool("a"), "a", CALL_LIMIT);
        instanceB = new AdvisoryLockTokenGate(pool("b"), "b", CALL_LIMIT);
    }

    @AfterEach
    void close() throws Exception {
        instanceA.close();
        instanceB.close();
        db.close();
    }

    @Test
    void aTurnExcludesTheOtherInstanceUntilGivenBack() throws Exception {
        Turn held = instanceA.acquire(fingerprint, 1, deadline(1000));
        assertThat(held).isNotNull();
        CompletableFuture<Turn> waiting = CompletableFuture.supplyAsync(() -> instanceB.acquire(fingerprint, 1, deadline(20_000)));
        // B is queued in PostgreSQL behind A's lock, not granted
        await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnAdvisoryLock() == 1);
        assertThat(waiting).isNotDone();
        held.close();
        Turn second = waiting.get(10, TimeUnit.SECONDS);
        assertThat(second).isNotNull();
        assertThat(instanceA.acquire(fingerprint, 1, deadline(200))).as("A waits while B holds it").isNull();
        second.close();
        instanceA.acquire(fingerprint, 1, deadline(1000)).close();
    }

    @Test
    void aWaitEndsAtItsDeadlineWithoutATurn() throws Exception {
        try (Turn held = instanceA.acquire(fingerprint, 1, deadline(1000))) {
            long start = System.nanoTime();
            assertThat(instanceB.acquire(fingerprint, 1, deadline(300))).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(held).isNotNull();
        }
    }

    @Test
    void twoConcurrentCallsMeanTwoSlots() throws Exception {
        Turn a = instanceA.acquire(fingerprint, 2, deadline(1000));
        Turn b = instanceB.acquire(fingerprint, 2, deadline(1000));
        assertThat(a).isNotNull();
        assertThat(b).isNotNull();
        assertThat(instanceB.acquire(fingerprint, 2, deadline(200))).as("a third call waits").isNull();
        a.close();
        Turn c = instanceB.acquire(fingerprint, 2, deadline(2000));
        assertThat(c).isNotNull();
        b.close();
        c.close();
    }

    @Test
    void aTurnGivenBackIsFreeAtOnceForTheOtherInstance() throws Exception {
        instanceA.acquire(fingerprint, 1, deadline(1000)).close();
        // far shorter than the call limit: a clean release leaves no tail to wait out
        Turn next = instanceB.acquire(fingerprint, 1, deadline(CALL_LIMIT / 3));
        assertThat(next).isNotNull();
        next.close();
    }

    @Test
    void aHolderWhoseSessionDiesReleasesItsTurnAtOnceAndTheNextWaitsOutItsCall() throws Exception {
        Turn held = instanceA.acquire(fingerprint, 1, deadline(1000));
        assertThat(held).isNotNull();
        CompletableFuture<Turn> waiting = CompletableFuture.supplyAsync(() -> instanceB.acquire(fingerprint, 1, deadline(30_000)));
        await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnAdvisoryLock() == 1);
        // what kill -9 of the holder does to its session: the server ends it and drops its locks
        try (Connection c = admin(); PreparedStatement st = c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        + " AND objid::bigint = (? & 4294967295) AND classid::bigint = ((? >> 32) & 4294967295)")) {
            long key = AdvisoryLockTokenGate.key(fingerprint, 0);
            st.setLong(1, key);
            st.setLong(2, key);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
            }
        }
        long killedAt = System.nanoTime();
        Turn next = waiting.get(10, TimeUnit.SECONDS);
        assertThat(next).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("the dead holder's call may still run at Wolkvox")
                .isGreaterThanOrEqualTo(Duration.ofMillis(CALL_LIMIT / 2));
        held.close(); // the dead session's turn: closing it is harmless
        next.close();
    }

    private long waitingOnAdvisoryLock() throws Exception {
        long key = AdvisoryLockTokenGate.key(fingerprint, 0);
        try (Connection c = admin(); PreparedStatement st = c.prepareStatement(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                        + " AND objid::bigint = (? & 4294967295) AND classid::bigint = ((? >> 32) & 4294967295)")) {
            st.setLong(1, key);
            st.setLong(2, key);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Connection admin() throws Exception {
        return java.sql.DriverManager.getConnection(TestPostgres.url(), TestPostgres.user(), TestPostgres.password());
    }

    private static long deadline(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private HikariDataSource pool(String name) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(db.url);
        ds.setUsername(TestPostgres.user());
        ds.setPassword(TestPostgres.password());
        ds.setMaximumPoolSize(3);
        ds.setPoolName("gate-test-" + name);
        return ds;
    }

    static String fingerprintOf(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
