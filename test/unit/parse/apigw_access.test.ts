import { describe, expect, it } from "vitest";
import { accessLines as lines } from "../../fixtures/lines/apigw_access.js";
import { parse } from "./helpers.js";

describe("apigw_access parser", () => {
  it("maps a REST JSON access record to columns, numbers from strings", () => {
    // Prepare / Act
    const event = parse(lines.restJson);

    // Assess
    expect(event).toEqual({
      log_format: "apigw_access",
      message: "POST /applications 201",
      level: "INFO",
      request_id: "48752d0f-c99d-4cfa-a5a7-f3c6834d19e5",
      client_ip: "190.210.14.77",
      http_method: "POST",
      http_route: "/applications",
      http_status: 201,
      response_bytes: 184,
      structured: { requestTime: "14/Mar/2025:13:05:02 +0000", protocol: "HTTP/1.1" },
    });
  });

  it("reads records written with a space after each colon; 4xx is WARN", () => {
    const event = parse(lines.restJsonSpaced);

    expect(event.http_route).toBe("/applications/{applicationId}");
    expect(event.http_status).toBe(404);
    expect(event.response_bytes).toBe(49);
    expect(event.level).toBe("WARN");
  });

  it("names the service apiId/stage and makes 5xx ERROR", () => {
    const event = parse(lines.restJsonWithStage);

    expect(event.service).toBe("k3x9q2m7pa/prod");
    expect(event.level).toBe("ERROR");
    expect(event.http_status).toBe(502);
    expect(event.structured).toEqual({
      requestTime: "14/Mar/2025:13:05:04 +0000",
      protocol: "HTTP/1.1",
      domainName: "k3x9q2m7pa.execute-api.sa-east-1.amazonaws.com",
    });
  });

  it("reads `method` and keeps the concrete path out of http_route", () => {
    const event = parse(lines.restJsonMethodPath);

    expect(event.http_method).toBe("PUT");
    expect(event.http_route).toBe("/applications/{applicationId}/consent");
    expect(event.http_status).toBe(400);
    expect(event.structured?.path).toBe("/prod/applications/ONB-20250314-0042/consent");
    expect(event.structured?.requestTimeEpoch).toBe("1741957505744");
  });

  it("takes the route of an HTTP API routeKey and keeps an IPv6 client", () => {
    const event = parse(lines.httpJson);

    expect(event.http_method).toBe("GET");
    expect(event.http_route).toBe("/onboarding/{id}/status");
    expect(event.client_ip).toBe("2800:810:4a2:1f::12");
    expect(event.response_bytes).toBe(47140);
  });

  it("reads sourceIp, the $default route and a '-' length as null", () => {
    const event = parse(lines.httpJsonSourceIp);

    expect(event.client_ip).toBe("181.46.130.9");
    expect(event.http_route).toBe("$default");
    expect(event.response_bytes).toBeNull();
    expect(event.service).toBe("1ax3mj7iqf/$default");
  });

  it("parses an HTTP API CLF line whose routeKey repeats the method", () => {
    const event = parse(lines.httpClf);

    expect(event).toEqual({
      log_format: "apigw_access",
      message:
        '181.46.130.9 - - [14/Mar/2025:13:05:08 +0000] "GET GET /onboarding/{id}/status HTTP/1.1" 200 56 M7Z1whVnDoEEJuw= -',
      level: "INFO",
      client_ip: "181.46.130.9",
      http_method: "GET",
      http_route: "/onboarding/{id}/status",
      http_status: 200,
      response_bytes: 56,
      request_id: "M7Z1whVnDoEEJuw=",
      structured: { requestTime: "14/Mar/2025:13:05:08 +0000", protocol: "HTTP/1.1" },
    });
  });

  it("parses a REST CLF line with the resource path", () => {
    const event = parse(lines.restClf);

    expect(event.http_method).toBe("POST");
    expect(event.http_route).toBe("/applications");
    expect(event.http_status).toBe(503);
    expect(event.level).toBe("ERROR");
    expect(event.request_id).toBe("48752d0f-c99d-4cfa-a5a7-f3c6834d19e5");
  });
});
