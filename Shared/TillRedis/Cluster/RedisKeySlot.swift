/// The hash slot a command's keys fall in, worked out when the command is encoded.
enum RedisKeySlot: Sendable, Hashable {
    /// The command has no key: any node may run it.
    case none
    /// Every key hashes to this slot.
    case slot(UInt16)
    /// The keys hash to different slots: Redis Cluster refuses the command (`CROSSSLOT`).
    case crossSlot
}
