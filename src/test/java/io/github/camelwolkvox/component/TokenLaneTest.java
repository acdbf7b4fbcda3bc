package io.github.camelwolkvox.component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TokenLaneTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        TokenLane lane = new TokenLane("key-fifo", "fifo", 1);
        TokenLane.Turn first = lane.acquire(CallPriority.batch, Duration.ofSeconds(5));
        List<Integer> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            pool.submit(() -> {
                try (TokenLane.Turn p = lane.acquire(CallPriority.batch, Duration.ofSeconds(10))) {
                    order.add(n);
                }
                return null;
            });
            // Each waiter is queued before the next one is started, so arrival order is known.
            await().until(() -> lane.queueDepth() == n + 1);
        }
        first.close();
        await().until(() -> order.size() == 5);
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        assertThat(lane.inFlight()).isZero();
    }

    @Test
    void interactiveCallersGoFirstButBatchIsNotStarved() throws Exception {
        TokenLane lane = new TokenLane("key-priority", "priority", 1);
        TokenLane.Turn first = lane.acquire(CallPriority.batch, Duration.ofSeconds(5));
        List<String> order = new CopyOnWriteArrayList<>();
        int queued = 0;
        for (int i = 0; i < 2; i++) {
            enqueue(lane, CallPriority.batch, "b" + i, order);
            queued++;
            int expected = queued;
            await().until(() -> lane.queueDepth() == expected);
        }
        for (int i = 0; i < 6; i++) {
            enqueue(lane, CallPriority.interactive, "i" + i, order);
            queued++;
            int expected = queued;
            await().until(() -> lane.queueDepth() == expected);
        }
        first.close();
        await().until(() -> order.size() == 8);
        // Four interactive turns, then the oldest batch caller, then interactive again.
        assertThat(order).containsExactly("i0", "i1", "i2", "i3", "b0", "i4", "i5", "b1");
    }

    private void enqueue(TokenLane lane, CallPriority priority, String name, List<String> order) {
        pool.submit(() -> {
            try (TokenLane.Turn p = lane.acquire(priority, Duration.ofSeconds(10))) {
                order.add(name);
            }
            return null;
        });
    }

    @Test
    void aWaitThatExceedsTheBoundFailsClearlyAndLeavesTheQueue() throws Exception {
        TokenLane lane = new TokenLane("key-bounded", "bounded", 1);
        try (TokenLane.Turn busy = lane.acquire(CallPriority.batch, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> lane.acquire(CallPriority.batch, Duration.ofMillis(150)))
                    .isInstanceOf(TokenWaitTimeoutException.class)
                    .hasMessageContaining("account 'bounded'")
                    .hasMessageContaining("the call was not made");
            assertThat(lane.queueDepth()).isZero();
        }
        // The timed-out waiter did not take the turn: the next caller gets it at once.
        try (TokenLane.Turn next = lane.acquire(CallPriority.batch, Duration.ofMillis(50))) {
            assertThat(lane.inFlight()).isEqualTo(1);
        }
    }

    @Test
    void concurrencyLimitAboveOneAdmitsThatManyAndNoMore() throws Exception {
        TokenLane lane = new TokenLane("key-two", "two", 2);
        TokenLane.Turn a = lane.acquire(CallPriority.batch, Duration.ofSeconds(1));
        TokenLane.Turn b = lane.acquire(CallPriority.batch, Duration.ofSeconds(1));
        Future<?> third = pool.submit(() -> {
            try (TokenLane.Turn c = lane.acquire(CallPriority.batch, Duration.ofSeconds(10))) {
                return lane.inFlight();
            }
        });
        await().until(() -> lane.queueDepth() == 1);
        assertThat(lane.inFlight()).isEqualTo(2);
        a.close();
        assertThat(third.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        b.close();
        a.close(); // closing twice releases once
        assertThat(lane.inFlight()).isZero();
    }

    @Test
    void theStrictestConcurrencySettingForATokenWins() {
        TokenLane lane = TokenGuard.laneFor("lane-test-token", "strict", 2);
        TokenGuard.laneFor("lane-test-token", "alias", 1);
        assertThat(lane.maxConcurrent()).isEqualTo(1);
        assertThat(TokenGuard.laneFor("lane-test-token", "other", 2)).isSameAs(lane);
        assertThat(lane.label()).isEqualTo("strict");
    }

    @Test
    void aTurnGivenUpAfterSendingIsReleasedOnlyAtTheServersLimitAndOneNeverSentAtOnce() throws Exception {
        TokenLane lane = new TokenLane("key-turns", "turns", 1);
        java.util.concurrent.atomic.AtomicInteger released = new java.util.concurrent.atomic.AtomicInteger();

        TokenLane.Turn unsent = lane.acquire(CallPriority.batch, Duration.ofSeconds(1));
        unsent.onRelease(released::incrementAndGet);
        unsent.gaveUp(Duration.ofMinutes(5)); // the request never left: nothing can be busy at Wolkvox
        assertThat(lane.inFlight()).isZero();
        assertThat(released).hasValue(1);

        TokenLane.Turn sent = lane.acquire(CallPriority.batch, Duration.ofSeconds(1));
        sent.onRelease(released::incrementAndGet);
        sent.sent();
        sent.gaveUp(Duration.ofSeconds(2));
        sent.close(); // closing after giving up does not shorten the turn
        assertThat(lane.inFlight()).isEqualTo(1);
        assertThat(released).hasValue(1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lane.inFlight() == 0);
        assertThat(released).hasValue(2);
    }

    @Test
    void betweenTestClassesOnlyIdleLanesAreForgotten() throws Exception {
        TokenLane idle = TokenGuard.laneFor("tok-lane-idle", "idle", 1);
        TokenLane busy = TokenGuard.laneFor("tok-lane-busy", "busy", 1);
        try (TokenLane.Turn held = busy.acquire(CallPriority.batch, Duration.ofSeconds(5))) {
            TokenGuard.forgetIdleLanes();
            // A lane in use must stay the one lane of its token, or a second caller could overlap.
            assertThat(TokenGuard.laneFor("tok-lane-busy", "busy", 1)).isSameAs(busy);
            assertThat(TokenGuard.laneFor("tok-lane-idle", "idle", 1)).isNotSameAs(idle);
        }
    }
}
