// SPDX-License-Identifier: BSD-3-Clause
// What the operating system says about memory: this process's peak resident set, and the memory
// a new allocation can still get on this node. Linux /proc files; where they cannot be read the
// functions return 0 ("unknown"), and callers must treat 0 as "do not know", never as "none".
// Not collective.
#pragma once
#include <cstdint>
#include <string>

namespace balnet {

/// Peak resident set size of this process (VmHWM), bytes; 0 if unknown.
std::uint64_t peak_rss_bytes();

/// Memory available for new allocations on this node (MemAvailable), bytes; 0 if unknown.
std::uint64_t available_memory_bytes();

/// The value in kB of the line starting with `key` (e.g. "VmHWM:") of a /proc file, in bytes;
/// 0 when the file or the line is missing. Exposed for tests.
std::uint64_t proc_kib_field_bytes(const std::string& file, const std::string& key);

}  // namespace balnet
