package io.certwiz.acme.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * A DNS server for pebble's validation on loopback: every A query is answered 127.0.0.1, every other
 * query with no records, so that any name (srv.example.com, ...) validates against this machine.
 */
final class MiniDns implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    MiniDns() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        thread = new Thread(this::serve, "mini-dns");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                socket.receive(query);
                byte[] answer = answer(query.getData(), query.getLength());
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    static byte[] answer(byte[] query, int length) {
        if (length < 12 || (query[2] & 0x80) != 0) {
            return null;
        }
        int qdcount = ((query[4] & 0xff) << 8) | (query[5] & 0xff);
        if (qdcount != 1) {
            return null;
        }
        int at = 12;
        while (at < length && query[at] != 0) {
            at += (query[at] & 0xff) + 1;
        }
        int questionEnd = at + 1 + 4;
        if (questionEnd > length) {
            return null;
        }
        int qtype = ((query[at + 1] & 0xff) << 8) | (query[at + 2] & 0xff);
        boolean a = qtype == 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query[0]);
        out.write(query[1]);
        out.write(0x84 | (query[2] & 0x01)); // response, authoritative, recursion desired as asked
        out.write(0x80); // recursion available, no error
        out.writeBytes(new byte[] {0, 1, 0, (byte) (a ? 1 : 0), 0, 0, 0, 0});
        out.write(query, 12, questionEnd - 12);
        if (a) {
            out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1});
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
