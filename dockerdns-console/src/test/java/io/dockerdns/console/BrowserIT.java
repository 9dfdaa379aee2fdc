package io.dockerdns.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in a real browser: Debian's Chromium, headless, driven through Debian's
 * chromedriver (both named explicitly, so nothing tries to download a driver).
 */
class BrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  @RegisterExtension final DockerFixture docker = new DockerFixture();
  @TempDir Path profile;

  private DockerDns registry;
  private ConsoleServer console;
  private WebDriver browser;

  @BeforeEach
  void start() {
    assertThat(new File(CHROMIUM)).as("Chromium (./test.sh installs chromium)").exists();
    assertThat(new File(CHROMEDRIVER))
        .as("chromedriver (./test.sh installs chromium-driver)")
        .exists();
    registry =
        DockerDns.create(EngineSettings.forUrl(DockerFixture.engineUrl()), NamingConfig.DEFAULT)
            .start();
    console =
        ConsoleServer.start(
            new ConsoleConfig(IpAddresses.require("127.0.0.1", "loopback"), 0, Optional.empty()),
            Inputs.of(registry));
    browser = new ChromeDriver(service(), options(profile));
  }

  private static ChromeOptions options(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,900",
        "--user-data-dir=" + profile);
    return options;
  }

  private static ChromeDriverService service() {
    return new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (console != null) {
      console.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void the_table_follows_containers_live_and_shows_their_strings_as_text() throws Exception {
    String first = docker.name("first");
    docker.run("first", "--label", "dockerdns.aliases=<img src=x onerror=alert(1)>");
    browser.get("http://127.0.0.1:" + console.port() + "/");
    // The page redraws the table on every change, so a row found a moment ago may be gone:
    // each read finds it afresh, and a read that lost the race is tried again.
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.ignoring(StaleElementReferenceException.class);

    wait.until(b -> !b.findElements(row(first)).isEmpty());
    assertThat(browser.findElement(By.id("freshness")).getText()).isEqualTo("in sync");
    String cells = wait.until(b -> b.findElement(row(first)).getText());
    WebElement firstRow = browser.findElement(row(first));
    assertThat(cells).contains("<img src=x onerror=alert(1)>.docker");
    assertThat(browser.findElements(By.cssSelector("#containers img"))).isEmpty();

    String second = docker.name("second");
    String secondId =
        docker.run(
            "second", "--health-cmd", "false", "--health-interval", "1s", "--health-retries", "1");
    wait.until(b -> !b.findElements(row(second)).isEmpty());
    // Its check fails: the row says it is left out of answers, and why.
    wait.until(
        b ->
            b.findElement(row(second)).getText().contains("left out: unhealthy since ")
                && b.findElement(row(second)).getAttribute("class").equals("left-out"));

    docker.docker("rm", "-f", secondId);
    wait.until(b -> b.findElements(row(second)).isEmpty());
    assertThat(firstRow.getText())
        .as(
            "a row whose container did not change stays the same element, so a selection in it"
                + " survives other containers' changes")
        .contains(first);

    browser.findElement(By.id("search")).sendKeys(first);
    wait.until(b -> b.findElements(By.cssSelector("#containers tr")).size() == 1);

    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path kept = Path.of("target", "console-screenshot.png");
    Files.copy(shot, kept, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(kept)).isPositive();
  }

  @Test
  void a_browser_without_javascript_sees_the_table_as_it_is() {
    String name = docker.name("plain");
    docker.run("plain", "--label", "dockerdns.aliases=<img src=x onerror=alert(1)>");
    Eventually.until(WAIT, name + " listed", () -> registry.snapshot().byName(name).isPresent());
    ChromeOptions noScript = options(profile.resolve("no-script"));
    noScript.addArguments("--blink-settings=scriptEnabled=false");
    WebDriver plain = new ChromeDriver(service(), noScript);
    try {
      plain.get("http://127.0.0.1:" + console.port() + "/");

      assertThat(plain.findElement(row(name)).getText())
          .contains(name, "<img src=x onerror=alert(1)>.docker");
      assertThat(plain.findElements(By.cssSelector("#containers img"))).isEmpty();
      assertThat(plain.findElement(By.id("freshness")).getText()).isEqualTo("in sync");
      assertThat(plain.findElement(By.id("count")).getText()).endsWith(" containers");
    } finally {
      plain.quit();
    }
  }

  @Test
  void the_page_works_behind_a_token_passed_in_its_address() {
    String name = docker.name("guarded");
    docker.run("guarded");
    ConsoleServer guarded =
        ConsoleServer.start(
            new ConsoleConfig(
                IpAddresses.require("127.0.0.1", "loopback"), 0, Optional.of("s3cret")),
            Inputs.of(registry));
    try {
      browser.get("http://127.0.0.1:" + guarded.port() + "/?token=s3cret");
      new WebDriverWait(browser, WAIT).until(b -> !b.findElements(row(name)).isEmpty());
    } finally {
      guarded.close();
    }
  }

  private static By row(String name) {
    return By.cssSelector("#containers tr[data-name='" + name + "']");
  }
}
