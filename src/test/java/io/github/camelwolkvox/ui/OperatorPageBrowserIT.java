package io.github.camelwolkvox.ui;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operator page in a real headless Chromium (Debian's chromium and chromium-driver; .ci/run
 * installs them, and the test skips where they are missing): sign in, upload the README's example
 * file, watch it finish, filter and download its result, mark an UNKNOWN dial; log in as an operator,
 * re-queue a safe dead letter, see the quota spent; as a viewer, see no action. Screenshots of each
 * view go to target/operator-page/.
 */
class OperatorPageBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target/operator-page");

    @TempDir
    Path data;

    @TempDir
    Path downloads;

    @TempDir
    Path profile;

    private OperatorApp app;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        Optional<Path> chromium = onPath("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = onPath("chromedriver");
        assumeTrue(chromium.isPresent() && driver.isPresent(), "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        // a short chart span: the few seconds of a test fill a visible part of the chart
        app = OperatorApp.start(data, Map.of("wolkvox.ui.token-history.span", "30000"));
        ChromeOptions options = new ChromeOptions().setBinary(chromium.get().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=es");
        // Spanish, as a supervisor's browser in Bogotá asks for it; downloads without a prompt
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "es-CO,es",
                "download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile()).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void uploadWatchDownloadAndResolveAsASupervisorWould() throws Exception {
        long unknownDial = app.unknownDial("3007778899");
        browser.get(app.uri("/ui/").toString());
        assertThat(browser.findElement(By.cssSelector("#login h2")).getText()).isEqualTo("Entrar");
        browser.findElement(By.id("key")).sendKeys(OperatorApp.KEY);
        browser.findElement(By.id("operator")).sendKeys("Ana Pérez");
        browser.findElement(By.id("key-save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
        wait.until(ExpectedConditions.textToBe(By.id("mode"), "sandbox"));

        // upload the README's example file and watch it finish
        browser.findElement(By.id("file")).sendKeys(Path.of("examples/activity-codes.csv").toAbsolutePath().toString());
        browser.findElement(By.id("upload")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-message"), "Subido"));
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#uploads tbody tr[data-stage='DONE']")));
        assertThat(row.getText()).contains("activity-codes.csv", "terminado", "4 / 4", "created 3", "rejected 1");
        row.findElement(By.cssSelector("button.details")).click();
        wait.until(d -> d.findElements(By.cssSelector("#rows tbody tr")).size() == 4);
        new Select(browser.findElement(By.id("status-filter"))).selectByValue("rejected");
        wait.until(d -> d.findElements(By.cssSelector("#rows tbody tr")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("#rows tbody tr")).getText()).contains("rejected", "cod_act");
        screenshot("files");

        browser.findElement(By.id("download")).click();
        Path downloaded = await().atMost(Duration.ofSeconds(30)).until(() -> completeDownload(), Optional::isPresent).get();
        assertThat(downloaded.getFileName().toString()).endsWith("activity-codes.csv.result.csv");
        assertThat(Files.readString(downloaded, StandardCharsets.UTF_8)).contains("line,type_code,cod_act,status", "A-1", "created");

        // mark the UNKNOWN dial DONE after "checking in Wolkvox"
        browser.findElement(By.cssSelector("nav button[data-view='resolve']")).click();
        WebElement request = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#requests tbody tr[data-id='" + unknownDial + "']")));
        browser.findElement(By.id("note")).sendKeys("visto en Wolkvox");
        request.findElement(By.cssSelector("button.mark-done")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("resolve-message"), "Marcada"));
        assertThat(app.dialStatus(unknownDial)).isEqualTo("DONE");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "Ana Pérez"));
        assertThat(app.sandbox().dials()).as("nothing dialled from the page").isEmpty();
        screenshot("resolve");

        browser.findElement(By.cssSelector("nav button[data-view='token']")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#lanes tbody tr")).isEmpty());
        screenshot("token-api-key");

        browser.findElement(By.cssSelector("nav button[data-view='reports']")).click();
        WebElement report = browser.findElement(By.cssSelector("#reports tr[data-report='routing_points']"));
        report.findElement(By.cssSelector("button.export")).click();
        wait.until(d -> !report.findElements(By.tagName("td")).get(2).getText().isBlank());
        assertThat(Integer.parseInt(report.findElements(By.tagName("td")).get(2).getText())).isPositive();
        screenshot("reports");

        // the same page on a phone: one column, tables scroll inside their box
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.findElement(By.cssSelector("nav button[data-view='files']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#uploads tbody tr[data-stage='DONE']")));
        assertThat(browser.findElement(By.id("upload")).getSize().getWidth()).as("full-width controls").isGreaterThan(300);
        screenshot("phone");
    }

    @Test
    void anOperatorLogsInRequeuesASafeDeadLetterAndSeesTheQuotaSpentWhileAViewerSeesNoActions() throws Exception {
        long safe = app.deadLetter("wolkvox_dial_request", "FAILED", "CONNECT_FAILED");
        long unsafe = app.deadLetter("wolkvox_dial_request", "UNKNOWN", "OUTCOME_UNKNOWN");
        browser.get(app.uri("/ui/").toString());
        browser.findElement(By.id("operator")).sendKeys("ana");
        browser.findElement(By.id("password")).sendKeys(OperatorApp.OPERATOR_PASSWORD);
        screenshot("login");
        browser.findElement(By.id("key-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "ana · operador"));
        assertThat(executeScript("return sessionStorage.getItem('session')")).as("the session token, in this tab only").isNotNull();
        assertThat(executeScript("return document.cookie")).as("no cookie").isEqualTo("");
        assertThat(executeScript("return sessionStorage.getItem('apiKey')")).isNull();

        browser.findElement(By.cssSelector("nav button[data-view='resolve']")).click();
        WebElement unsafeRow = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dead-letters tr[data-id='" + unsafe + "']")));
        assertThat(unsafeRow.findElements(By.cssSelector("button.requeue"))).as("may have reached Wolkvox: no button").isEmpty();
        assertThat(unsafeRow.getText()).contains("OUTCOME_UNKNOWN", "Wolkvox");
        WebElement safeRow = browser.findElement(By.cssSelector("#dead-letters tr[data-id='" + safe + "']"));
        safeRow.findElement(By.cssSelector("button.requeue")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dead-message"), "Reencolada"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#dead-letters tr[data-id='" + safe + "']"),
                "reencolada por ana"));
        assertThat(app.value("SELECT requeued_by FROM wolkvox_dead_letter WHERE id = ?", safe)).isEqualTo("ana");
        // back through the normal intake: the queue dials it, once
        await().atMost(Duration.ofSeconds(30)).until(() -> app.dialsTo(OperatorApp.DEAD_PHONE) == 1);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "ana"));
        screenshot("dead-letters");

        // the token's daily quota spent: the token view says so at once, with the last minutes in the chart
        app.sandbox().setDailyQuota(0);
        app.postJson("/api/v1/activity-codes", "{\"type_code\":\"T\",\"cod_act\":\"Q-1\",\"description_cod_act\":\"Cuota\"}");
        browser.findElement(By.cssSelector("nav button[data-view='token']")).click();
        WebElement lane = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#lanes tr[data-circuit='QUOTA_SPENT']")));
        assertThat(lane.getText()).contains("cuota diaria agotada", "próxima prueba");
        wait.until(d -> Integer.parseInt(d.findElement(By.id("chart")).getDomAttribute("data-samples")) >= 2);
        screenshot("token");

        // a viewer: the same views, no action
        browser.findElement(By.id("logout")).click();
        browser.findElement(By.id("operator")).clear();
        browser.findElement(By.id("operator")).sendKeys("luis");
        browser.findElement(By.id("password")).sendKeys(OperatorApp.VIEWER_PASSWORD);
        browser.findElement(By.id("key-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "luis · consulta"));
        browser.findElement(By.cssSelector("nav button[data-view='files']")).click();
        assertThat(browser.findElement(By.id("upload-form")).isDisplayed()).isFalse();
        browser.findElement(By.cssSelector("nav button[data-view='reports']")).click();
        assertThat(browser.findElement(By.cssSelector("#reports button.export")).isDisplayed()).isFalse();
    }

    private Object executeScript(String script) {
        return ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(script);
    }

    private Optional<Path> completeDownload() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".result.csv")).findFirst();
        }
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Optional<Path> onPath(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
