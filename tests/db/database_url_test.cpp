#include "db/database_url.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace covermap::db {
namespace {

TEST(DatabaseUrl, RedactsPasswordsInEveryForm) {
    EXPECT_EQ(redact("postgresql://app:s3cret@db.example:5432/covermap"), "postgresql://app:***@db.example:5432/covermap");
    EXPECT_EQ(redact("postgres://app:p%40ss@localhost/x?sslmode=require"), "postgres://app:***@localhost/x?sslmode=require");
    EXPECT_EQ(redact("host=db user=app password=s3cret dbname=x"), "host=db user=app password=*** dbname=x");
    EXPECT_EQ(redact("host=db password='se cret' dbname=x"), "host=db password=*** dbname=x");
    EXPECT_EQ(redact("postgresql://app@/x?host=/tmp&password=s3cret&port=5"), "postgresql://app@/x?host=/tmp&password=***&port=5");
    EXPECT_EQ(redact("postgresql://app@localhost/x"), "postgresql://app@localhost/x");
}

TEST(DatabaseUrl, EnvironmentOverridesTheLocalCluster) {
    const char* saved = std::getenv("COVERMAP_DATABASE_URL");
    const std::string keep = saved != nullptr ? saved : "";
    setenv("COVERMAP_DATABASE_URL", "postgresql://elsewhere/db", 1);
    EXPECT_EQ(resolve_database_url(), "postgresql://elsewhere/db");
    EXPECT_EQ(resolve_database_url("postgresql://explicit/db"), "postgresql://explicit/db");
    unsetenv("COVERMAP_DATABASE_URL");
    EXPECT_EQ(resolve_database_url(), local_database_url());
    EXPECT_NE(local_database_url().find("/var/run"), std::string::npos);
    if (saved != nullptr) setenv("COVERMAP_DATABASE_URL", keep.c_str(), 1);
}

}  // namespace
}  // namespace covermap::db
