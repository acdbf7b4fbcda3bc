package io.github.camelwolkvox.cluster;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.component.TokenLane;
import io.github.camelwolkvox.component.TokenWaitTimeoutException;
import io.github.camelwolkvox.component.TurnGate;

/**
 * The cluster-wide token guard: a turn is a PostgreSQL session-level advisory lock on one of the
 * token's {@code maxConcurrent} slots, held on a connection of its own for as long as the in-JVM
 * turn. The server releases the lock when that connection ends, so a killed instance gives its turn
 * back at once, without a lease. Waiting is PostgreSQL's own lock queue (first come, first served),
 * bounded by {@code lock_timeout}; nothing polls a table.
 *
 * <p>A holder that dies mid-call leaves its call running at Wolkvox for up to the call's limit.
 * Each turn is therefore recorded in {@code wolkvox_token_turn} (holder, taken at, given back at):
 * the next holder of a slot whose last turn was never given back waits until that call's limit has
 * passed (within its own bounded wait) before calling.
 *
 * <p>The key is 64 bits: the first 7 bytes of the token's SHA-256 fingerprint and the slot number in
 * the last byte, so the lock never names the token.
 */
final class AdvisoryLockTokenGate implements TurnGate, AutoCloseable {

    /** A held turn; closing it (once) gives it back. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLockTokenGate.class);
    /** PostgreSQL's SQLSTATE of a lock wait cut short by lock_timeout. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** With several slots, one blocking wait lasts at most this long before every slot is tried again. */
    private static final long SLOT_WAIT_MILLIS = 1000;

    private static final String RECORD_TURN = "INSERT INTO wolkvox_token_turn (lock_key, holder, acquired_at)"
            + " SELECT ?, ?, CURRENT_TIMESTAMP";
    private static final String RECORD_TURN_CONFLICT = " ON CONFLICT (lock_key) DO UPDATE SET holder = EXCLUDED.holder,"
            + " acquired_at = EXCLUDED.acquired_at, released_at = NULL";

    private final HikariDataSource connections;
    private final String holder;
    private final long callLimitMillis;
    private final AtomicInteger nextSlot = new AtomicInteger();

    /**
     * @param holder          this instance's name, recorded with each turn
     * @param callLimitMillis the longest a call can keep Wolkvox busy: how long a dead holder's turn lasts
     */
    AdvisoryLockTokenGate(HikariDataSource connections, String holder, long callLimitMillis) {
        this.connections = connections;
        this.holder = holder;
        this.callLimitMillis = callLimitMillis;
    }

    /**
     * A gate with a pool of its own (each held turn keeps a connection for a whole call) on the
     * database and credentials of the module's pool {@code main}.
     */
    static AdvisoryLockTokenGate on(DataSource main, int connections, String holder, long callLimitMillis) {
        if (!(main instanceof HikariDataSource hikari)) {
            throw new IllegalArgumentException("wolkvox.cluster.enabled=true needs the module's connection pool as its"
                    + " DataSource (a HikariCP pool, such as wolkvoxDataSource), not " + main.getClass().getName());
        }
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(hikari.getJdbcUrl());
        pool.setUsername(hikari.getUsername());
        pool.setPassword(hikari.getPassword());
        pool.setMaximumPoolSize(connections);
        pool.setMinimumIdle(1);
        pool.setPoolName("wolkvox-cluster-token-guard");
        return new AdvisoryLockTokenGate(pool, holder, callLimitMillis);
    }

    static long key(String tokenFingerprint, int slot) {
        byte[] fp = HexFormat.of().parseHex(tokenFingerprint.substring(0, 16));
        fp[7] = (byte) slot;
        return ByteBuffer.wrap(fp).getLong();
    }

    /**
     * After the in-JVM turn, one of the token's slots here within the same bounded wait, given back
     * when the in-JVM turn is released (for a call given up on: at sent + the server's limit).
     */
    @Override
    public void admit(String tokenKey, TokenLane.Turn turn, Duration maxWait) {
        long start = System.nanoTime();
        TokenLane lane = turn.lane();
        Turn held = acquire(tokenKey, lane.maxConcurrent(), start + maxWait.toNanos());
        if (held == null) {
            throw new TokenWaitTimeoutException(lane.label(), Duration.ofNanos(System.nanoTime() - start), lane.queueDepth());
        }
        turn.onRelease(held::close);
    }

    /**
     * Waits for one of {@code maxConcurrent} turns of the token until {@code deadlineNanos}
     * ({@link System#nanoTime()} based); null when none came or PostgreSQL cannot be reached (logged).
     */
    Turn acquire(String tokenFingerprint, int maxConcurrent, long deadlineNanos) {
        int slots = Math.max(1, Math.min(maxConcurrent, 256));
        Connection c = null;
        try {
            c = connections.getConnection();
            c.setAutoCommit(true);
            Turn turn = waitForSlot(c, tokenFingerprint, slots, deadlineNanos);
            if (turn != null) {
                return turn;
            }
        } catch (SQLException e) {
            LOG.warn("Cluster token guard: no turn, PostgreSQL cannot be reached (the call is not made): {}", e.getMessage());
        }
        if (c != null) {
            giveBack(c);
        }
        return null;
    }

    private Turn waitForSlot(Connection c, String tokenFingerprint, int slots, long deadlineNanos) throws SQLException {
        while (true) {
            for (int slot = 0; slot < slots; slot++) {
                long key = key(tokenFingerprint, slot);
                if (tryLock(c, key)) {
                    return take(c, key, deadlineNanos);
                }
            }
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                return null;
            }
            // Every slot is held: wait in PostgreSQL's queue of one of them.
            long key = key(tokenFingerprint, Math.floorMod(nextSlot.getAndIncrement(), slots));
            long wait = slots == 1 ? remainingMillis : Math.min(remainingMillis, SLOT_WAIT_MILLIS);
            if (lockWithin(c, key, Math.max(1, wait))) {
                return take(c, key, deadlineNanos);
            }
        }
    }

    /**
     * The slot is locked: wait out the tail of a dead holder's call, if any, then record this turn.
     * Null (and the lock given back) when that tail outlasts the caller's deadline.
     */
    private Turn take(Connection c, long key, long deadlineNanos) throws SQLException {
        // One round trip when the last turn was given back: read its tail and record this turn together.
        long tail;
        try (PreparedStatement st = c.prepareStatement("WITH prev AS (SELECT CEIL(EXTRACT(EPOCH FROM (acquired_at"
                + " + ? * INTERVAL '1 millisecond' - CURRENT_TIMESTAMP)) * 1000) AS tail FROM wolkvox_token_turn"
                + " WHERE lock_key = ? AND released_at IS NULL), taken AS (" + RECORD_TURN
                + " WHERE NOT EXISTS (SELECT 1 FROM prev WHERE tail > 0)" + RECORD_TURN_CONFLICT + ")"
                + " SELECT COALESCE(MAX(tail), 0) FROM prev")) {
            st.setLong(1, callLimitMillis);
            st.setLong(2, key);
            st.setLong(3, key);
            st.setString(4, holder);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                tail = Math.max(0, rs.getLong(1));
            }
        }
        if (tail == 0) {
            return new AdvisoryTurn(c, key);
        }
        if (System.nanoTime() + tail * 1_000_000 > deadlineNanos) {
            unlock(c, key);
            return null;
        }
        LOG.warn("Cluster token guard: the last holder of this token's slot died during its call; waiting {} ms"
                + " (the call's limit) before the next call", tail);
        try {
            Thread.sleep(tail);
        } catch (InterruptedException e) {
            unlock(c, key);
            Thread.currentThread().interrupt();
            return null;
        }
        try (PreparedStatement st = c.prepareStatement(RECORD_TURN + RECORD_TURN_CONFLICT)) {
            st.setLong(1, key);
            st.setString(2, holder);
            st.executeUpdate();
        }
        return new AdvisoryTurn(c, key);
    }

    private static void unlock(Connection c, long key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            st.setLong(1, key);
            st.execute();
        }
    }

    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setLong(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static boolean lockWithin(Connection c, long key, long millis) throws SQLException {
        try (PreparedStatement timeout = c.prepareStatement("SELECT set_config('lock_timeout', ?, false)");
                PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            timeout.setString(1, millis + "ms");
            timeout.execute();
            lock.setLong(1, key);
            try {
                lock.execute();
                return true;
            } catch (SQLException e) {
                if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            } finally {
                timeout.setString(1, "0");
                timeout.execute();
            }
        }
    }

    /** Back to the pool only when it holds no lock; a connection in doubt is closed, which releases everything. */
    private void giveBack(Connection c) {
        try {
            try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_unlock_all()")) {
                st.execute();
            }
            c.close();
        } catch (SQLException e) {
            connections.evictConnection(c);
        }
    }

    @Override
    public void close() {
        connections.close();
    }

    private final class AdvisoryTurn implements Turn {
        private final Connection connection;
        private final long key;
        private boolean closed;

        AdvisoryTurn(Connection connection, long key) {
            this.connection = connection;
            this.key = key;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            // Given back first, committed, then unlocked: the next holder sees a clean release.
            try (PreparedStatement released = connection.prepareStatement(
                    "UPDATE wolkvox_token_turn SET released_at = CURRENT_TIMESTAMP WHERE lock_key = ? AND holder = ?");
                    PreparedStatement st = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                released.setLong(1, key);
                released.setString(2, holder);
                released.executeUpdate();
                st.setLong(1, key);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        connection.close();
                        return;
                    }
                }
            } catch (SQLException e) {
                LOG.warn("Cluster token guard: unlock failed, closing the connection (which releases the lock): {}", e.getMessage());
            }
            connections.evictConnection(connection);
        }
    }
}
