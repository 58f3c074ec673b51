package dev.persona.app.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports nobody listens on at the moment of asking. */
final class FreePorts {
  private FreePorts() {}

  /**
   * A port the OS reports free on 127.0.0.1. Another process may take it before the caller binds;
   * callers that can, retry with a new port.
   */
  static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
