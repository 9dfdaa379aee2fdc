package io.dockerdns.core.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds docker-java's transport. The only place that knows about docker-java's configuration. */
final class DockerClients {

  private DockerClients() {}

  /**
   * docker-java's HTTP transport, configured as its client would be (address, TLS, timeouts), and
   * the JSON mapper to read answers with. dockerdns makes its few calls through the transport and
   * reads the answers as trees: docker-java's commands and models cost start-up time and freshness
   * for fields dockerdns never reads (see {@link ContainerMapper}, {@link EventStream}).
   */
  record Clients(DockerHttpClient requests, DockerHttpClient events, ObjectMapper json) {}

  static Clients create(EngineSettings settings) {
    DefaultDockerClientConfig.Builder builder =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(settings.transportUrl())
            .withDockerTlsVerify(settings.tlsCertPath().isPresent());
    settings
        .tlsCertPath()
        .ifPresent(path -> builder.withDockerCertPath(certificates(settings, path)));
    DockerClientConfig config = builder.build();
    SSLConfig tls = config.getSSLConfig();
    // Only for sockets: docker-java speaks https to a tcp:// engine whenever it has a context.
    boolean socket =
        settings.dockerUrl().startsWith("unix:") || settings.dockerUrl().startsWith("npipe:");
    if (tls == null && socket) {
      NoTlsContext none = new NoTlsContext(settings.dockerUrl());
      tls = () -> none;
    }
    // Requests must answer in time: an engine that stops answering (SIGSTOPped, its connection
    // frozen) keeps the socket open, and only a timeout tells. The event stream is a response
    // that lasts as long as it is followed, so it has a client of its own, without one.
    DockerHttpClient requests =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(tls)
            .connectionTimeout(settings.connectTimeout())
            .responseTimeout(settings.requestTimeout())
            .maxConnections(16)
            .build();
    DockerHttpClient events =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(tls)
            .connectionTimeout(settings.connectTimeout())
            .maxConnections(1)
            .build();
    return new Clients(requests, events, config.getObjectMapper());
  }

  /** The certificates' directory, checked here so a missing file is named, not a TLS error. */
  private static String certificates(EngineSettings settings, Path dir) {
    for (String file : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
      if (!Files.isReadable(dir.resolve(file))) {
        throw new EngineException(
            settings.dockerUrl(),
            "TLS to the Docker Engine at "
                + settings.dockerUrl()
                + " needs "
                + dir.resolve(file)
                + " (ca.pem, cert.pem and key.pem, as docker's DOCKER_CERT_PATH holds them)",
            null,
            EngineException.Remedy.TLS_CERTIFICATES);
      }
    }
    return dir.toString();
  }
}
