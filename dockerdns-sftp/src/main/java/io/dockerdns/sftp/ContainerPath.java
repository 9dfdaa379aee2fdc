package io.dockerdns.sftp;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.util.List;
import org.apache.sshd.common.file.util.BasePath;

/** A path as the logged-in container sees it: names below its virtual root. */
final class ContainerPath extends BasePath<ContainerPath, ContainerFileSystem> {

  ContainerPath(ContainerFileSystem fileSystem, String root, List<String> names) {
    super(fileSystem, root, names);
  }

  /** The names from the virtual root, with {@code .} and {@code ..} applied. */
  List<String> absoluteNames() {
    return VirtualPaths.names(toAbsolutePath().toString());
  }

  @Override
  public ContainerPath toRealPath(LinkOption... options) throws IOException {
    return getFileSystem().realPath(this);
  }
}
