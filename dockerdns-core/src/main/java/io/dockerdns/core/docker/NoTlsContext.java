package io.dockerdns.core.docker;

import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context handed to docker-java when the engine is a local socket ({@code unix://}, {@code
 * npipe://}), where TLS has no place. Given none, docker-java's transport builds the system's
 * default context, loading the JDK's TLS stack and its trusted certificates: ~150 ms of a start-up
 * that needs none of it (bench/startup.sh). Nothing uses this one; if something ever did, it fails
 * saying why instead of connecting unverified.
 */
final class NoTlsContext extends SSLContext {

  NoTlsContext(String engineUrl) {
    super(new Refusing(engineUrl), null, "none");
  }

  private static final class Refusing extends SSLContextSpi {
    private final String engineUrl;

    Refusing(String engineUrl) {
      this.engineUrl = engineUrl;
    }

    private IllegalStateException refused() {
      return new IllegalStateException(
          "TLS is not configured for the Docker Engine at "
              + engineUrl
              + " (set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH)");
    }

    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) {
      // nothing to set up: this context never makes a connection
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }
  }
}
