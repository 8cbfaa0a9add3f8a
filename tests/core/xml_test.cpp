#include "podium/core/xml.hpp"

#include <gtest/gtest.h>

#include <string>

namespace podium {
namespace {

TEST(XmlEscape, EntitiesForTheFiveSpecialCharacters) {
  EXPECT_EQ(xml_escape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
  EXPECT_EQ(xml_escape("&amp;"), "&amp;amp;");  // already escaped text is escaped again
}

TEST(XmlEscape, ForbiddenControlCharactersAreDroppedUtf8Kept) {
  const std::string in = std::string("a\x01") + '\0' + "b\tc\nd\re\x1f" + "Zürich";
  EXPECT_EQ(xml_escape(in), "ab\tc\nd\reZürich");
  EXPECT_EQ(xml_escape(""), "");
}

}  // namespace
}  // namespace podium
