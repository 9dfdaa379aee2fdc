package io.dockerdns.core.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;

/** Builds docker-java clients. The only place that knows about docker-java's configuration. */
final class DockerClients {

  private DockerClients() {}

  static DockerClient create(EngineSettings settings) {
    // The API version is left unset: docker-java then speaks the engine's own, so old engines work.
    DockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(settings.dockerUrl())
            .build();
    // No response timeout: the event stream is a response that lasts as long as we follow it.
    DockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .connectionTimeout(settings.connectTimeout())
            .maxConnections(16)
            .build();
    return DockerClientImpl.getInstance(config, http);
  }
}
