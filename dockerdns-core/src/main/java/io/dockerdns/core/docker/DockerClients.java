package io.dockerdns.core.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;

/** Builds docker-java's transport. The only place that knows about docker-java's configuration. */
final class DockerClients {

  private DockerClients() {}

  /**
   * docker-java's HTTP transport, configured as its client would be (address, TLS, timeouts), and
   * the JSON mapper to read answers with. dockerdns makes its few calls through the transport and
   * reads the answers as trees: docker-java's commands and models cost start-up time and freshness
   * for fields dockerdns never reads (see {@link ContainerMapper}, {@link EventStream}).
   */
  record Clients(DockerHttpClient http, ObjectMapper json) {}

  static Clients create(EngineSettings settings) {
    DockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(settings.dockerUrl())
            .build();
    SSLConfig tls = config.getSSLConfig();
    // Only for sockets: docker-java speaks https to a tcp:// engine whenever it has a context.
    boolean socket =
        settings.dockerUrl().startsWith("unix:") || settings.dockerUrl().startsWith("npipe:");
    if (tls == null && socket) {
      NoTlsContext none = new NoTlsContext(settings.dockerUrl());
      tls = () -> none;
    }
    // No response timeout: the event stream is a response that lasts as long as we follow it.
    DockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(tls)
            .connectionTimeout(settings.connectTimeout())
            .maxConnections(16)
            .build();
    return new Clients(http, config.getObjectMapper());
  }
}
