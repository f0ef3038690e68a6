import Testing

@testable import OutboundHTTP

/// Which addresses a customer's URL may reach.
@Suite struct IPAddressTests {
    private func v4(_ text: String) -> IPAddress {
        IPAddress(bytes: text.split(separator: ".").map { UInt8($0)! })!
    }

    private func v6(_ groups: [UInt16]) -> IPAddress {
        IPAddress(bytes: groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] })!
    }

    @Test func privateLoopbackLinkLocalAndMetadataIPv4AreNotPublic() {
        for text in [
            "127.0.0.1", "10.0.0.5", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.10", "198.18.0.1",
        ] {
            #expect(!v4(text).isPublic, "\(text)")
        }
        for text in ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "93.184.216.34", "192.169.0.1"] {
            #expect(v4(text).isPublic, "\(text)")
        }
    }

    @Test func ipv6FormsAreJudgedAndTheOnesCarryingIPv4ByThatAddress() {
        #expect(!v6([0, 0, 0, 0, 0, 0, 0, 1]).isPublic)  // ::1
        #expect(!v6([0, 0, 0, 0, 0, 0, 0, 0]).isPublic)  // ::
        #expect(!v6([0xfe80, 0, 0, 0, 0, 0, 0, 1]).isPublic)  // link-local
        #expect(!v6([0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x254]).isPublic)  // a cloud metadata address (ULA)
        #expect(!v6([0xff02, 0, 0, 0, 0, 0, 0, 1]).isPublic)  // multicast
        #expect(!v6([0x2001, 0x0db8, 0, 0, 0, 0, 0, 1]).isPublic)  // documentation
        #expect(!v6([0, 0, 0, 0, 0, 0xffff, 0x7f00, 0x0001]).isPublic)  // ::ffff:127.0.0.1
        #expect(!v6([0x64, 0xff9b, 0, 0, 0, 0, 0xa9fe, 0xa9fe]).isPublic)  // NAT64 of 169.254.169.254
        #expect(!v6([0x2002, 0x0a00, 0x0001, 0, 0, 0, 0, 1]).isPublic)  // 6to4 of 10.0.0.1
        #expect(v6([0, 0, 0, 0, 0, 0xffff, 0x0808, 0x0808]).isPublic)  // ::ffff:8.8.8.8
        #expect(v6([0x2a00, 0x1450, 0x4007, 0x080e, 0, 0, 0, 0x200e]).isPublic)
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
    }

    @Test func theResolverGivesLiteralsBackAndLocalhostAsLoopback() async {
        let resolver = HostResolver(threads: 1)
        #expect(await resolver.addresses(of: "192.168.4.2") == [v4("192.168.4.2")])
        #expect(await resolver.addresses(of: "[::1]") == [v6([0, 0, 0, 0, 0, 0, 0, 1])])
        let local = await resolver.addresses(of: "localhost")
        #expect(!local.isEmpty && local.allSatisfy { !$0.isPublic })
        #expect(await resolver.addresses(of: "no-such-host.invalid").isEmpty)
        resolver.shutdown()
    }
}

/// The guard on the address each connection uses (``OutboundRequest/publicAddressesOnly``).
@Suite struct PublicAddressGuardTests {
    @Test func aRequestForPublicAddressesOnlyDoesNotConnectToLoopbackAndOthersStillDo() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            for host in ["127.0.0.1", "localhost"] {
                let url = server.url("/status/204").replacingOccurrences(of: "127.0.0.1", with: host)
                var guarded = OutboundRequest(method: .post, url: url, body: Array("{}".utf8))
                guarded.publicAddressesOnly = true
                let error = await sendExpectingFailure(client, guarded)
                #expect(error == .addressRefused(endpoint: url), "\(host)")
                #expect(error?.isTransient == false && error?.description.contains("private") == true)
                // The same handle, unguarded, connects (the guard does not outlive its request).
                let plain = try await client.send(OutboundRequest(method: .post, url: url, body: Array("{}".utf8)))
                #expect(plain.statusCode == 204, "\(host)")
            }
        }
    }
}
