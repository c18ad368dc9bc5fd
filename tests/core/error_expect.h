#pragma once
// Checking a core::Error's message in tests: errorOf() runs a statement and returns the message,
// failing the test when nothing is thrown; EXPECT_ERROR_WITH(stmt, "part", ...) expects every
// part in it.
#include "core/base/errors.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bdl::test {

/// Runs f and returns the Error's message, failing the test when nothing is thrown.
template <typename F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const bdl::core::Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no bdl::core::Error thrown";
    return std::string();
}

} // namespace bdl::test

#define EXPECT_ERROR_WITH(stmt, ...)                                                               \
    do {                                                                                           \
        const std::string bdlMsg_ = ::bdl::test::errorOf([&] { stmt; });                           \
        for (const std::string& bdlFrag_ : std::vector<std::string>{__VA_ARGS__})                  \
            EXPECT_NE(bdlMsg_.find(bdlFrag_), std::string::npos)                                   \
                << "'" << bdlFrag_ << "' not in: " << bdlMsg_;                                     \
    } while (0)
