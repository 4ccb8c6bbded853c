/// A map from string ids to dense indices, for the hot paths of loading and analysis:
/// open addressing with linear probing and a 64-bit FNV-1a hash of the UTF-8 bytes.
///
/// `Dictionary<String, Int>` hashes with a per-process seeded SipHash, which dominates
/// loading a 100,000-person organisation (each id is looked up several times). Ids are
/// written by the user, not by an adversary, so a fixed hash is safe here; lookups stay
/// correct whatever the collisions, they only get slower. Not for untrusted keys in a
/// long-running service.
public struct IdTable: Sendable {
    /// One probe slot: the key's hash, its position in `keys` (-1 when empty) and its
    /// value, together so that a probe touches one cache line.
    private struct Slot: Sendable {
        var hash: UInt64
        var key: Int32
        var value: Int32
    }
    private var slots: [Slot]
    private var mask: Int
    public private(set) var keys: [String] = []

    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(hash: 0, key: -1, value: 0), count: size)
        mask = size - 1
        keys.reserveCapacity(capacity)
    }

    public var count: Int { keys.count }

    @inline(__always) static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var s = s
        s.withUTF8 { bytes in
            for b in bytes {
                h ^= UInt64(b)
                h &*= 0x0000_0100_0000_01B3
            }
        }
        // FNV's low bits mix poorly; the MurmurHash3 finaliser spreads every bit.
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h &*= 0xc4ce_b9fe_1a85_ec53
        return h ^ (h >> 33)
    }

    /// The value stored for `key`, if any.
    public subscript(key: String) -> Int? {
        let h = Self.hash(key)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[i]
            if slot.key < 0 { return nil }
            if slot.hash == h && keys[Int(slot.key)] == key { return Int(slot.value) }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` for `key` unless the key is present; returns the value already
    /// stored, or nil when the key was new. Values must fit in 32 bits.
    @discardableResult
    public mutating func insertIfAbsent(_ key: String, _ value: Int) -> Int? {
        if (keys.count + 1) * 2 > slots.count { grow() }
        let h = Self.hash(key)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[i]
            if slot.key < 0 { break }
            if slot.hash == h && keys[Int(slot.key)] == key { return Int(slot.value) }
            i = (i + 1) & mask
        }
        slots[i] = Slot(hash: h, key: Int32(keys.count), value: Int32(truncatingIfNeeded: value))
        keys.append(key)
        return nil
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(hash: 0, key: -1, value: 0), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.key >= 0 {
            var i = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[i].key >= 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }
}
