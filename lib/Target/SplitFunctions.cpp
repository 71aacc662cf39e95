//===- SplitFunctions.cpp - bounded function sizes for LLVM -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A training step lowers to one function per entry point, whose body is the
// model's loop nests one after another: its size grows with the model.
// Several of LLVM's passes and its instruction scheduler take time that
// grows faster than linearly with a function's size (a chain of N loops
// gives a dominator tree N deep, and updates and walks along it cost O(N)
// each; the scheduler's dependence graph is quadratic in a large block), so
// a model of 1,000 layers took 10x the time of one of 300. Cut into pieces
// of bounded size, every function costs a bounded time and the model a
// time linear in its size.
//
// Straight-line code (a step over many small tensors, whose loops of one
// iteration are gone) can be one huge block: such a block is first cut into
// blocks of at most SplitOptions::pieceInstructions, after the entry
// block's allocas. Then the cuts: the blocks that dominate the single
// return block lie on every
// path through the function, in a chain from the entry. Block b belongs to
// the region of its nearest dominator in the chain; a region has one entry
// (its chain block) and leaves only to the next chain block (an edge out
// of it to anywhere else would reach a block the next chain block does not
// dominate). Consecutive regions, the entry's and the return's excepted,
// are filled into pieces of about SplitOptions::pieceInstructions and
// extracted by LLVM's CodeExtractor; a piece gets the values it uses as
// arguments and hands back through pointers the ones used after it. The
// pieces are noinline, or the inliner would undo the split. What a piece
// can recompute from the function's arguments alone (the tensor pointers
// loaded from the runtime's tables, !invariant.load, and their GEPs and
// descriptor fields) it recomputes at its start instead of taking as an
// argument: a model of N tensors would otherwise load all N in the entry
// block and pass them on, a block the backend's scheduler and register
// allocator take time quadratic in. Floating-point
// operations are not reordered: results are bitwise those of the unsplit
// function.
//
//===----------------------------------------------------------------------===//

#include "nncc/Target/SplitFunctions.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/DepthFirstIterator.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/CodeExtractor.h"

#include <functional>

using namespace mlir;
using namespace mlir::nncc;
using llvm::ArrayRef;
using llvm::SmallVector;

namespace {

int64_t countInstructions(const llvm::Function &function) {
  int64_t count = 0;
  for (const llvm::BasicBlock &block : function)
    count += block.size();
  return count;
}

/// The pieces of `function`, each a list of blocks whose first dominates the
/// others; none if it has no single return block.
SmallVector<SmallVector<llvm::BasicBlock *>>
findPieces(llvm::Function &function, llvm::DominatorTree &dt,
           int64_t pieceInstructions) {
  llvm::BasicBlock *exit = nullptr;
  for (llvm::BasicBlock &block : function) {
    if (!llvm::isa<llvm::ReturnInst>(block.getTerminator()))
      continue;
    if (exit)
      return {};
    exit = &block;
  }
  if (!exit || !dt.isReachableFromEntry(exit))
    return {};

  // The chain of blocks on every path, entry first.
  SmallVector<llvm::BasicBlock *> chain;
  for (llvm::DomTreeNode *node = dt.getNode(exit); node; node = node->getIDom())
    chain.push_back(node->getBlock());
  std::reverse(chain.begin(), chain.end());
  llvm::DenseMap<llvm::BasicBlock *, unsigned> region;
  for (auto [i, block] : llvm::enumerate(chain))
    region[block] = i;
  // Preorder: a block's immediate dominator has its region already.
  for (llvm::DomTreeNode *node : llvm::depth_first(dt.getRootNode()))
    if (!region.count(node->getBlock()))
      region[node->getBlock()] = region.lookup(node->getIDom()->getBlock());

  SmallVector<SmallVector<llvm::BasicBlock *>> blocks(chain.size());
  SmallVector<int64_t> sizes(chain.size(), 0);
  for (auto [i, block] : llvm::enumerate(chain))
    blocks[i].push_back(block);
  for (llvm::BasicBlock &block : function) {
    auto it = region.find(&block);
    if (it == region.end())
      continue; // unreachable
    if (chain[it->second] != &block)
      blocks[it->second].push_back(&block);
    sizes[it->second] += block.size();
  }

  SmallVector<SmallVector<llvm::BasicBlock *>> pieces;
  SmallVector<llvm::BasicBlock *> piece;
  int64_t size = 0;
  for (unsigned r = 1; r + 1 < chain.size(); ++r) {
    llvm::append_range(piece, blocks[r]);
    size += sizes[r];
    if (size >= pieceInstructions) {
      pieces.push_back(std::move(piece));
      piece.clear();
      size = 0;
    }
  }
  if (!piece.empty())
    pieces.push_back(std::move(piece));
  return pieces;
}

/// Cuts every block of `function` larger than `size` instructions into
/// blocks of at most `size` (never among phis, nor before an alloca of the
/// entry block: those stay in the entry block, which no piece takes).
void splitLargeBlocks(llvm::Function &function, int64_t size) {
  SmallVector<llvm::BasicBlock *> blocks;
  for (llvm::BasicBlock &block : function)
    if (static_cast<int64_t>(block.size()) > size)
      blocks.push_back(&block);
  for (llvm::BasicBlock *block : blocks) {
    llvm::BasicBlock::iterator first = block->getFirstNonPHIIt();
    if (block->isEntryBlock())
      for (auto it = first; it != block->end(); ++it)
        if (llvm::isa<llvm::AllocaInst>(*it))
          first = std::next(it);
    int64_t count = 0;
    for (auto it = first; it != block->end() && !it->isTerminator(); ++it) {
      if (++count <= size)
        continue;
      block = block->splitBasicBlock(it);
      it = block->begin();
      count = 1;
    }
  }
}

/// Whether `value` is a function of the arguments and constants alone, cheap
/// to recompute: GEPs, casts, aggregate fields and loads that read memory
/// no call changes (!invariant.load) over such values.
bool isRematerializable(llvm::Value *value,
                        llvm::DenseMap<llvm::Value *, bool> &known,
                        unsigned depth = 0) {
  if (llvm::isa<llvm::Argument, llvm::Constant>(value))
    return true;
  auto *inst = llvm::dyn_cast<llvm::Instruction>(value);
  if (!inst || depth > 8)
    return false;
  auto it = known.find(inst);
  if (it != known.end())
    return it->second;
  bool cheap = llvm::isa<llvm::GetElementPtrInst, llvm::CastInst,
                         llvm::InsertValueInst, llvm::ExtractValueInst>(inst);
  if (auto *load = llvm::dyn_cast<llvm::LoadInst>(inst))
    cheap = load->isSimple() &&
            load->hasMetadata(llvm::LLVMContext::MD_invariant_load);
  bool result = cheap && llvm::all_of(inst->operands(), [&](llvm::Value *op) {
                  return isRematerializable(op, known, depth + 1);
                });
  known[inst] = result;
  return result;
}

/// Replaces the uses inside `piece` of rematerializable values defined
/// outside it by copies at the start of its first block.
void rematerializeInputs(ArrayRef<llvm::BasicBlock *> piece,
                         llvm::DenseMap<llvm::Value *, bool> &known) {
  llvm::DenseSet<llvm::BasicBlock *> inPiece(piece.begin(), piece.end());
  llvm::BasicBlock *header = piece.front();
  llvm::BasicBlock::iterator at = header->getFirstInsertionPt();
  llvm::DenseMap<llvm::Value *, llvm::Value *> copies;
  std::function<llvm::Value *(llvm::Value *)> copy =
      [&](llvm::Value *value) -> llvm::Value * {
    auto *inst = llvm::dyn_cast<llvm::Instruction>(value);
    if (!inst)
      return value;
    if (llvm::Value *done = copies.lookup(inst))
      return done;
    llvm::Instruction *clone = inst->clone();
    for (llvm::Use &operand : clone->operands())
      operand.set(copy(operand.get()));
    clone->insertBefore(at);
    copies[inst] = clone;
    return clone;
  };
  for (llvm::BasicBlock *block : piece)
    for (llvm::Instruction &user : *block)
      for (llvm::Use &use : user.operands()) {
        auto *def = llvm::dyn_cast<llvm::Instruction>(use.get());
        if (!def || inPiece.contains(def->getParent()))
          continue;
        // An incoming value of the header's phis arrives from outside.
        if (auto *phi = llvm::dyn_cast<llvm::PHINode>(&user))
          if (!inPiece.contains(phi->getIncomingBlock(use)))
            continue;
        if (isRematerializable(def, known))
          use.set(copy(def));
      }
}

} // namespace

unsigned nncc::splitLargeFunctions(llvm::Module &module,
                                   const SplitOptions &options) {
  SmallVector<llvm::Function *> large;
  for (llvm::Function &function : module)
    if (!function.isDeclaration() && !function.isVarArg() &&
        countInstructions(function) > options.maxInstructions)
      large.push_back(&function);

  unsigned made = 0;
  for (llvm::Function *function : large) {
    splitLargeBlocks(*function, options.pieceInstructions);
    llvm::DominatorTree dt(*function);
    SmallVector<SmallVector<llvm::BasicBlock *>> pieces =
        findPieces(*function, dt, options.pieceInstructions);
    // One piece would only move the body: the function is then one loop
    // nest, or straight-line code, and stays as it is.
    if (pieces.size() < 2)
      continue;
    llvm::DenseMap<llvm::Value *, bool> known;
    for (ArrayRef<llvm::BasicBlock *> piece : pieces)
      rematerializeInputs(piece, known);
    llvm::CodeExtractorAnalysisCache cache(*function);
    for (auto [i, piece] : llvm::enumerate(pieces)) {
      llvm::CodeExtractor extractor(
          piece, &dt, /*AggregateArgs=*/false, nullptr, nullptr, nullptr,
          /*AllowVarArgs=*/false,
          /*AllowAlloca=*/false, nullptr, "piece" + std::to_string(i));
      if (!extractor.isEligible())
        continue;
      llvm::Function *extracted = extractor.extractCodeRegion(cache);
      if (!extracted)
        continue;
      extracted->addFnAttr(llvm::Attribute::NoInline);
      ++made;
    }
  }
  return made;
}
