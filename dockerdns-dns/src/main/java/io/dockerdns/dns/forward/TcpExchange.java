package io.dockerdns.dns.forward;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;
import org.xbill.DNS.WireParseException;

/**
 * One question to an upstream over TCP, blocking: asked again this way when its UDP reply came back
 * truncated (TC). The whole exchange, connect included, keeps to the time given.
 */
final class TcpExchange {

  private TcpExchange() {}

  static Message exchange(Upstream upstream, Message query, long timeoutNanos) throws IOException {
    long deadline = System.nanoTime() + timeoutNanos;
    try (Socket socket = new Socket()) {
      socket.connect(upstream.address(), millisLeft(deadline));
      socket.setTcpNoDelay(true);
      byte[] wire = query.toWire();
      byte[] framed = new byte[wire.length + 2];
      framed[0] = (byte) (wire.length >>> 8);
      framed[1] = (byte) wire.length;
      System.arraycopy(wire, 0, framed, 2, wire.length);
      OutputStream out = socket.getOutputStream();
      out.write(framed);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (true) {
        socket.setSoTimeout(millisLeft(deadline));
        int length = in.readUnsignedShort();
        byte[] reply = new byte[length];
        in.readFully(reply);
        // A server may answer other questions on the connection first; only ours ends the wait.
        var accepted = UpstreamReplies.accept(reply, length, query);
        if (accepted.isPresent()) {
          return accepted.get();
        }
        if (length == 0) {
          throw new EOFException("empty TCP message from " + upstream);
        }
        if (System.nanoTime() - deadline >= 0) {
          throw new WireParseException("no matching TCP reply from " + upstream);
        }
      }
    }
  }

  private static int millisLeft(long deadline) throws IOException {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0) {
      throw new java.net.SocketTimeoutException("no TCP reply in time");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }
}
