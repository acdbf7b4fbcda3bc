package io.github.camelwolkvox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Logins of wolkvox.ui.users, without a server: who gets in, and what an unknown name costs. */
class LoginsTest {

    @Test
    void aWrongNameCostsAsManyIterationsAsTheCostliestUsersHash() {
        String cheap = PasswordHash.hash("one".toCharArray(), 2_000);
        String dear = PasswordHash.hash("two".toCharArray(), 5_000);
        Logins logins = Logins.parse("ana:operator:" + cheap + ",luis:viewer:" + dear, "60000");

        assertThat(logins.decoyIterations()).isEqualTo(5_000);
        assertThat(logins.login("nobody", "two".toCharArray())).isEmpty();
        assertThat(logins.login("luis", "one".toCharArray())).isEmpty();
        assertThat(logins.login("luis", "two".toCharArray())).get()
                .satisfies(answer -> assertThat(answer).containsEntry("user", "luis").containsEntry("role", "viewer"));
    }

    @Test
    void withoutUsersAWrongNameCostsTheDefaultIterations() {
        Logins logins = Logins.parse("", "60000");

        assertThat(logins.hasUsers()).isFalse();
        assertThat(logins.decoyIterations()).isEqualTo(PasswordHash.DEFAULT_ITERATIONS);
    }
}
