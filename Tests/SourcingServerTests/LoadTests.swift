import Foundation
import Testing

// A bounded load over loopback: rounds of 200 concurrent solves of the ASC model. Every request
// is answered, with the plan (200) or "busy" (503 with Retry-After) and nothing else; every plan
// is the same plan; and the server's memory does not grow from round to round.

@Suite(.serialized) struct LoadTests {
    static let asc = Array((try? Data(contentsOf: Paths.model("arctic-security-cutter.yaml"))) ?? Data())

    /// Sends `count` solves at once, each from its own thread; returns each reply's status and body.
    func burst(_ server: ServerProcess, count: Int) -> [(Int, String)] {
        let replies = Replies()
        let group = DispatchGroup()
        for _ in 0..<count {
            group.enter()
            let thread = Thread {
                let reply = try? server.request(
                    "POST", "/v1/solve?timeLimit=30", body: Self.asc, contentType: "application/yaml")
                replies.append((reply?.status ?? -1, reply.map { withoutTimings($0.text) } ?? ""))
                group.leave()
            }
            thread.stackSize = 256 << 10
            thread.start()
        }
        group.wait()
        return replies.all
    }

    @Test func twoHundredConcurrentSolvesAreAllAnsweredInFlatMemory() throws {
        let server = try ServerProcess(arguments: ["--jobs", "2", "--queue", "64"])
        defer { server.stop() }
        let rounds = 6
        var memory: [Int] = []
        var plans = Set<String>()
        var counts: [Int: Int] = [:]
        for _ in 0..<rounds {
            let replies = burst(server, count: 200)
            #expect(replies.count == 200)
            for (status, body) in replies {
                counts[status, default: 0] += 1
                if status == 200 { plans.insert(body) }
            }
            memory.append(server.residentKiB)
        }
        print(
            "load: \(rounds) rounds of 200 concurrent solves: statuses \(counts.sorted { $0.key < $1.key }), resident KiB after each round \(memory)"
        )
        // Only plans and "busy": no other status, no dropped connection (-1).
        #expect(Set(counts.keys).isSubset(of: [200, 503]), "statuses: \(counts)")
        #expect((counts[200] ?? 0) >= rounds * 66, "at least the threads and the queue each round: \(counts)")
        #expect(plans.count == 1, "every plan the same bytes")
        // Flat: after the first round (allocator and GLPK warm-up), within 8 MiB. (A pool
        // that kept finished work, and so each request's body, grew 1.2 MiB a round.)
        #expect(memory[rounds - 1] - memory[1] < 8 << 10, "resident KiB per round: \(memory)")
        #expect(try server.get("/v1/health").json["waiting"] as? Int == 0)
    }
}

final class Replies: @unchecked Sendable {
    private let lock = NSLock()
    private var replies: [(Int, String)] = []
    func append(_ reply: (Int, String)) { lock.withLock { replies.append(reply) } }
    var all: [(Int, String)] { lock.withLock { replies } }
}
