// Subtyping over a hand-built type section: the abstract hierarchies, declared
// supertype chains, canonical (iso-recursive) equivalence and nullability.
#include "engine/subtyping.h"

#include "gtest/gtest.h"

namespace wasmtier {
namespace {

using K = HeapType::Code;

HeapType H(K code) { return HeapType(code); }

class SubtypingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 0, 1: func [] -> [] (equivalent), 2: struct, 3: struct <: 2, 4: array, 5: struct <: 3.
    TypeDef func;
    func.kind = TypeDef::Kind::kFunc;
    m_.types = {func, func};
    TypeDef s;
    s.kind = TypeDef::Kind::kStruct;
    s.is_final = false;
    m_.types.push_back(s);
    s.supertype = 2;
    m_.types.push_back(s);
    TypeDef a;
    a.kind = TypeDef::Kind::kArray;
    m_.types.push_back(a);
    s.supertype = 3;
    m_.types.push_back(s);
    m_.canonical_type_ids = {0, 0, 2, 3, 4, 5};
  }
  WasmModule m_;
};

TEST_F(SubtypingTest, AbstractHierarchies) {
  EXPECT_TRUE(IsHeapSubtype(H(K::kI31), H(K::kEq), m_));
  EXPECT_TRUE(IsHeapSubtype(H(K::kStruct), H(K::kAny), m_));
  EXPECT_TRUE(IsHeapSubtype(H(K::kNone), H(K::kArray), m_));
  EXPECT_TRUE(IsHeapSubtype(H(K::kNoFunc), H(K::kFunc), m_));
  EXPECT_TRUE(IsHeapSubtype(H(K::kNoExtern), H(K::kExtern), m_));
  EXPECT_TRUE(IsHeapSubtype(H(K::kNoExn), H(K::kExn), m_));
  EXPECT_FALSE(IsHeapSubtype(H(K::kAny), H(K::kEq), m_));
  EXPECT_FALSE(IsHeapSubtype(H(K::kFunc), H(K::kAny), m_));
  EXPECT_FALSE(IsHeapSubtype(H(K::kExtern), H(K::kAny), m_));
  EXPECT_FALSE(IsHeapSubtype(H(K::kNone), H(K::kFunc), m_));
  EXPECT_FALSE(IsHeapSubtype(H(K::kNoFunc), H(K::kExtern), m_));
  // The validator's bottom (unreachable code) is below everything.
  EXPECT_TRUE(IsHeapSubtype(H(K::kBottom), H(K::kNoFunc), m_));
  EXPECT_TRUE(IsHeapSubtype(H(K::kBottom), HeapType::Index(3), m_));
}

TEST_F(SubtypingTest, ConcreteTypes) {
  EXPECT_TRUE(IsHeapSubtype(HeapType::Index(0), H(K::kFunc), m_));
  EXPECT_FALSE(IsHeapSubtype(HeapType::Index(0), H(K::kAny), m_));
  EXPECT_TRUE(IsHeapSubtype(HeapType::Index(2), H(K::kStruct), m_));
  EXPECT_TRUE(IsHeapSubtype(HeapType::Index(2), H(K::kEq), m_));
  EXPECT_FALSE(IsHeapSubtype(HeapType::Index(2), H(K::kArray), m_));
  EXPECT_TRUE(IsHeapSubtype(HeapType::Index(4), H(K::kArray), m_));
  EXPECT_TRUE(IsHeapSubtype(H(K::kNoFunc), HeapType::Index(0), m_));
  EXPECT_TRUE(IsHeapSubtype(H(K::kNone), HeapType::Index(2), m_));
  EXPECT_FALSE(IsHeapSubtype(H(K::kNone), HeapType::Index(0), m_));
  EXPECT_FALSE(IsHeapSubtype(H(K::kNoFunc), HeapType::Index(2), m_));
  // Declared chains: 5 <: 3 <: 2, not the other way.
  EXPECT_TRUE(IsHeapSubtype(HeapType::Index(5), HeapType::Index(2), m_));
  EXPECT_TRUE(IsHeapSubtype(HeapType::Index(3), HeapType::Index(2), m_));
  EXPECT_FALSE(IsHeapSubtype(HeapType::Index(2), HeapType::Index(3), m_));
  EXPECT_FALSE(IsHeapSubtype(HeapType::Index(4), HeapType::Index(2), m_));
  // Equivalent types by canonical id.
  EXPECT_TRUE(TypesEquivalent(0, 1, m_));
  EXPECT_FALSE(TypesEquivalent(2, 3, m_));
  EXPECT_TRUE(IsHeapSubtype(HeapType::Index(1), HeapType::Index(0), m_));
}

TEST_F(SubtypingTest, ValueTypes) {
  EXPECT_TRUE(IsSubtype(ValType::I32(), ValType::I32(), m_));
  EXPECT_FALSE(IsSubtype(ValType::I32(), ValType::I64(), m_));
  EXPECT_FALSE(IsSubtype(ValType::V128(), ValType::FuncRef(), m_));
  EXPECT_TRUE(IsSubtype(ValType::Bottom(), ValType::F64(), m_));
  EXPECT_TRUE(IsSubtype(ValType::Ref(HeapType::Index(0), false), ValType::FuncRef(), m_));
  EXPECT_TRUE(IsSubtype(ValType::Ref(HeapType::Index(0), false), ValType::Ref(HeapType::Index(0), true), m_));
  EXPECT_FALSE(IsSubtype(ValType::Ref(HeapType::Index(0), true), ValType::Ref(HeapType::Index(0), false), m_));
  EXPECT_FALSE(IsSubtype(ValType::FuncRef(), ValType::ExternRef(), m_));
  EXPECT_FALSE(IsSubtype(ValType::FuncRef(), ValType::I32(), m_));
}

}  // namespace
}  // namespace wasmtier
