package io.dockerdns.cli;

import io.dockerdns.core.match.Answer;
import io.dockerdns.core.match.Answer.AddressAnswer;
import io.dockerdns.core.match.Answer.PointerAnswer;
import io.dockerdns.core.match.Answer.ServiceBinding;
import io.dockerdns.core.model.IpAddresses;

/** Answers written the way dig writes resource records: {@code NAME TTL IN TYPE DATA}. */
final class AnswerLines {

  private AnswerLines() {}

  static String type(Answer answer) {
    return answer.type().name();
  }

  static String data(Answer answer) {
    if (answer instanceof AddressAnswer a) {
      return IpAddresses.format(a.address());
    }
    if (answer instanceof ServiceBinding s) {
      return ServiceBinding.PRIORITY
          + " "
          + ServiceBinding.WEIGHT
          + " "
          + s.binding().hostPort()
          + " "
          + s.target();
    }
    return ((PointerAnswer) answer).target();
  }

  static String line(String owner, int ttl, Answer answer) {
    return absolute(owner) + "\t" + ttl + "\tIN\t" + type(answer) + "\t" + data(answer);
  }

  static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }
}
