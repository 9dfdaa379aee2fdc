package io.dockerdns.core.testing;

import io.dockerdns.core.match.Answer;
import io.dockerdns.core.match.Answer.AddressAnswer;
import io.dockerdns.core.match.Answer.PointerAnswer;
import io.dockerdns.core.match.Answer.ServiceBinding;
import io.dockerdns.core.model.IpAddresses;
import java.util.List;
import java.util.stream.Collectors;

/** Answers as tests compare them: an address, {@code PORT TARGET} for SRV, a PTR's target. */
public final class AnswerText {

  private AnswerText() {}

  public static String render(List<Answer> answers) {
    return answers.stream().map(AnswerText::render).collect(Collectors.joining(" "));
  }

  public static String render(Answer answer) {
    if (answer instanceof AddressAnswer a) {
      return IpAddresses.format(a.address());
    }
    if (answer instanceof ServiceBinding s) {
      return s.binding().hostPort() + " " + s.target();
    }
    return ((PointerAnswer) answer).target();
  }
}
