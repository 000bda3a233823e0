// SPDX-License-Identifier: BSD-3-Clause
// progress in a batch log (a file, not a terminal): whole lines at every 10 % of the run, with
// the peak memory; none with log_interval 0; the in-place form with --progress.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include <balnet/run/progress.hpp>

using balnet::progress;

namespace {

std::string contents(std::FILE* f) {
    std::rewind(f);
    std::string s;
    for (int c = std::fgetc(f); c != EOF; c = std::fgetc(f)) s.push_back(static_cast<char>(c));
    return s;
}

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::size_t a = 0;
    for (std::size_t b = s.find('\n'); b != std::string::npos; a = b + 1, b = s.find('\n', a)) out.push_back(s.substr(a, b - a));
    return out;
}

}  // namespace

TEST(progress, batch_log_gets_a_line_at_every_tenth_of_the_run) {
    std::FILE* f = std::tmpfile();
    {
        progress p(2560, true, false, 60.0, f, 1.0, 0.0);  // no delay: a test run is short
        for (std::int64_t done = 256; done <= 2560; done += 256) p.update(done);
        p.finish(2560);
    }
    const auto l = lines(contents(f));
    ASSERT_EQ(l.size(), 11u);  // 10 %, 20 %, ..., 100 %, and the final line
    EXPECT_EQ(l.front().rfind("balnet progress:  10.0%  step 256/2560", 0), 0u) << l.front();
    EXPECT_NE(l.back().find("100.0%  step 2560/2560"), std::string::npos) << l.back();
    for (const auto& x : l) EXPECT_NE(x.find("MiB (rank 0)"), std::string::npos) << x;
    std::fclose(f);
}

TEST(progress, batch_log_is_quiet_with_interval_zero_or_before_the_delay) {
    for (const auto& [interval, delay] : {std::pair{0.0, 0.0}, std::pair{60.0, 3600.0}}) {
        std::FILE* f = std::tmpfile();
        {
            progress p(2560, true, false, interval, f, 1.0, delay);
            for (std::int64_t done = 256; done <= 2560; done += 256) p.update(done);
            p.finish(2560);
        }
        EXPECT_EQ(contents(f), "");
        std::fclose(f);
    }
}

TEST(progress, forced_progress_refreshes_one_line_in_place) {
    std::FILE* f = std::tmpfile();
    {
        progress p(2560, true, true, 60.0, f, 0.0, 0.0);
        p.update(1280);
        p.finish(2560);
    }
    const std::string s = contents(f);
    EXPECT_EQ(s.rfind("\r 50.0%  step 1280/2560", 0), 0u) << s;
    EXPECT_EQ(lines(s).size(), 1u);  // one newline, at the end
    std::fclose(f);
}
