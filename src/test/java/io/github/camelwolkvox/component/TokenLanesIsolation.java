package io.github.camelwolkvox.component;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (junit-platform.properties): after a class's own clean-up, the
 * JVM-wide lanes it left idle are forgotten, so the next class starts with fresh counters and its
 * own concurrency setting (the strictest-setting-wins rule would otherwise carry one class's
 * setting into the next for a shared token).
 */
public final class TokenLanesIsolation implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        TokenGuard.forgetIdleLanes();
    }
}
