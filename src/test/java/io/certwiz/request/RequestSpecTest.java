package io.certwiz.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.acme.client.ChallengeType;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.SubjectAltName;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one place the faces' request defaults live, and how it reads their text. */
class RequestSpecTest {
    @Test
    void whatIsLeftOutOrBlankTakesTheDefault() {
        RequestSpec spec = RequestSpec.builder(List.of(Usage.WebServicesInternal))
                .ca(" ")
                .key("")
                .friendlyName("")
                .subject(" ")
                .country("")
                .exportable(null)
                .assign(null)
                .sans(null)
                .build();
        assertThat(spec.ca()).isEqualTo("embedded");
        assertThat(spec.keyType()).isEqualTo(KeyType.RSA_2048);
        assertThat(spec.friendlyName()).isNull();
        assertThat(spec.subject()).isNull();
        assertThat(spec.country()).isNull();
        assertThat(spec.exportable()).isFalse();
        assertThat(spec.assign()).isTrue();
        assertThat(spec.extraSans()).isEmpty();
        assertThat(spec.acme().challenge()).isEqualTo(ChallengeType.HTTP_01);
        assertThat(RequestSpec.forUsages(List.of(Usage.Default), null))
                .usingRecursiveComparison()
                .ignoringFields("acme.progress")
                .isEqualTo(RequestSpec.builder(List.of(Usage.Default)).build());
    }

    @Test
    void whatIsGivenIsKept() {
        RequestSpec spec = RequestSpec.builder(List.of(Usage.Default, Usage.WebServicesExternal))
                .ca("lab")
                .key("ec-p384")
                .friendlyName("front end")
                .exportable(true)
                .assign(false)
                .sans(List.of("dns:a.example.com, 192.0.2.1", "b.example.com"))
                .organization("Example")
                .build();
        assertThat(spec.usages()).containsExactly(Usage.Default, Usage.WebServicesExternal);
        assertThat(spec.ca()).isEqualTo("lab");
        assertThat(spec.keyType()).isEqualTo(KeyType.EC_P384);
        assertThat(spec.friendlyName()).isEqualTo("front end");
        assertThat(spec.exportable()).isTrue();
        assertThat(spec.assign()).isFalse();
        assertThat(spec.organization()).isEqualTo("Example");
        assertThat(spec.extraSans())
                .containsExactly(
                        SubjectAltName.dns("a.example.com"),
                        SubjectAltName.ip("192.0.2.1"),
                        SubjectAltName.dns("b.example.com"));
    }

    @Test
    void anUnknownKeyTypeIsAUsageError() {
        assertThatThrownBy(() -> RequestSpec.builder(List.of(Usage.Default)).key("dsa-1024"))
                .isInstanceOfSatisfying(
                        CertwizException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BAD_USAGE));
    }
}
