package io.dockerdns.core.registry;

/** The indexes a container is filed in, apart from the one by id. */
enum IndexName {
  NAME,
  ALIAS,
  HOSTNAME,
  IMAGE,
  COMPOSE,
  ADDRESS
}
