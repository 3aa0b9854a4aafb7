package io.certwiz.alert;

import java.util.List;

/** What one evaluation did: the notifications sent (or tried) and the deliveries that failed. */
public record Evaluation(List<Notification> notifications, List<String> failures, int open) {}
